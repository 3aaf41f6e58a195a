using HessianLab.Models;
using TorchSharp.Modules;

namespace HessianLab.Optim;

/// <summary>The explicit map of parameters to Adam-mini blocks, built from the model's structure (never guessed from names).</summary>
/// <remarks>Transformer rules (docs/optimizers.md): Q, K → <see cref="Heads"/>; V, attention output, MLP → <see cref="Rows"/>;
/// embedding and output head → <see cref="Tokens"/>; norm gains → <see cref="Tensor"/>; biases → <see cref="Elements"/>.
/// For an <see cref="Mlp"/>: every weight by rows (the output layer's rows are its classes), biases per element.</remarks>
public sealed class AdamMiniPartition
{
    private readonly List<BlockAssignment> _entries = new();

    /// <summary>The assignments in insertion order.</summary>
    public IReadOnlyList<BlockAssignment> Entries => _entries;

    /// <summary>Adds a parameter with a rule (the rule is checked against its shape).</summary>
    /// <exception cref="ArgumentException">The parameter is already assigned or the rule does not fit.</exception>
    public AdamMiniPartition Add(string name, Parameter parameter, BlockRule rule)
    {
        if (_entries.Any(e => e.Parameter.Handle == parameter.Handle))
            throw new ArgumentException($"parameter '{name}' is assigned twice");
        rule.BlockCount(parameter.shape);
        _entries.Add(new BlockAssignment(name, parameter, rule));
        return this;
    }

    /// <summary>One block per row (output neuron).</summary>
    public AdamMiniPartition Rows(string name, Parameter p) => Add(name, p, BlockRule.Rows);
    /// <summary>One block per head (Q, K).</summary>
    public AdamMiniPartition Heads(string name, Parameter p, int heads) => Add(name, p, BlockRule.PerHead(heads));
    /// <summary>One block per token (embedding, output head).</summary>
    public AdamMiniPartition Tokens(string name, Parameter p) => Add(name, p, BlockRule.Tokens);
    /// <summary>One block for the tensor (gains).</summary>
    public AdamMiniPartition Tensor(string name, Parameter p) => Add(name, p, BlockRule.WholeTensor);
    /// <summary>One block per element (biases).</summary>
    public AdamMiniPartition Elements(string name, Parameter p) => Add(name, p, BlockRule.Elements);

    /// <summary>The MLP partition: W_l by rows (neurons), b_l per element.</summary>
    public static AdamMiniPartition ForMlp(Mlp model)
    {
        var part = new AdamMiniPartition();
        for (int l = 1; l <= model.Spec.Depth; l++)
        {
            part.Rows($"W{l}", model.Weight(l));
            if (model.Bias(l) is { } b) part.Elements($"b{l}", b);
        }
        return part;
    }

    /// <summary>Every parameter per element: Adam-mini then equals AdamW (a test of the implementation).</summary>
    public static AdamMiniPartition PerElement(IEnumerable<(string Name, Parameter Parameter)> parameters)
    {
        var part = new AdamMiniPartition();
        foreach (var (n, p) in parameters) part.Elements(n, p);
        return part;
    }

    /// <summary>Rows of a table: name, shape, rule, number of blocks.</summary>
    public IReadOnlyList<IReadOnlyList<string>> ToTable()
    {
        var rows = new List<IReadOnlyList<string>> { new[] { "parameter", "shape", "blocks", "count" } };
        foreach (var e in _entries)
            rows.Add(new[] { e.Name, string.Join("x", e.Parameter.shape), e.Rule.ToString(), e.BlockCount.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return rows;
    }
}
