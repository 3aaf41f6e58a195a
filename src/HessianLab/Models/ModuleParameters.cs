using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Models;

/// <summary>The trainable parameters of any TorchSharp module as one flat vector θ, with flat ↔ named helpers
/// (like PyTorch's <c>parameters_to_vector</c> / <c>vector_to_parameters</c>) and the module's neuron blocks.</summary>
/// <remarks>
/// θ = [vec(p_1); vec(p_2); …] over the parameters in registration order (<c>named_parameters()</c>), each
/// flattened row-major. Frozen parameters (requires_grad = false) are not part of θ: they are listed in
/// <see cref="FrozenNames"/> and never handed to autograd (a frozen tensor inside <c>autograd.grad</c> aborts
/// libtorch). Neuron blocks (<see cref="NeuronBlocks"/>) pair each row of a weight of rank ≥ 2 with the matching
/// entry of its bias, so in this θ order they are index sets, not ranges (see <c>Structure.IndexPartition</c>).
/// </remarks>
public sealed partial class ModuleParameters
{
    private readonly long[] _offsets;
    private readonly Func<string, string?> _biasNameOf;

    /// <summary>Names of the trainable parameters, in θ order (e.g. "fc1.weight").</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The trainable parameter tensors themselves (not copies), in θ order.</summary>
    public IReadOnlyList<Tensor> Tensors { get; }

    /// <summary>Names of the parameters skipped because they do not require gradients.</summary>
    public IReadOnlyList<string> FrozenNames { get; }

    /// <summary>P, the number of trainable scalars.</summary>
    public long Count { get; }

    private ModuleParameters(List<string> names, List<Tensor> tensors, List<string> frozen, Func<string, string?> biasNameOf)
    {
        _biasNameOf = biasNameOf;
        Names = names;
        Tensors = tensors;
        FrozenNames = frozen;
        _offsets = new long[tensors.Count + 1];
        for (int i = 0; i < tensors.Count; i++) _offsets[i + 1] = _offsets[i] + tensors[i].numel();
        Count = _offsets[^1];
    }

    /// <summary>The trainable parameters of <paramref name="module"/> in registration order.</summary>
    /// <param name="module">Any module.</param>
    /// <param name="biasNameOf">Maps a weight's name to the name of its bias (null: none), for the neuron blocks;
    /// default <see cref="DefaultBiasName"/>.</param>
    /// <exception cref="ArgumentException">The module has no trainable parameter.</exception>
    public static ModuleParameters Of(nn.Module module, Func<string, string?>? biasNameOf = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        var names = new List<string>(); var tensors = new List<Tensor>(); var frozen = new List<string>();
        foreach (var (name, p) in module.named_parameters())
        {
            if (p.requires_grad) { names.Add(name); tensors.Add(p); }
            else frozen.Add(name);
        }
        if (tensors.Count == 0)
            throw new ArgumentException($"the module {module.GetType().Name} has no trainable parameter" +
                (frozen.Count > 0 ? $" (all {frozen.Count} are frozen: requires_grad = false)" : ""), nameof(module));
        return new ModuleParameters(names, tensors, frozen, biasNameOf ?? DefaultBiasName);
    }

    /// <summary>The naming conventions of TorchSharp/PyTorch layers and of <see cref="Mlp"/>: "x.weight" → "x.bias",
    /// "weight" → "bias", "W<i>k</i>" → "b<i>k</i>"; any other name has no bias.</summary>
    public static string? DefaultBiasName(string weightName)
    {
        ArgumentNullException.ThrowIfNull(weightName);
        if (weightName == "weight") return "bias";
        if (weightName.EndsWith(".weight", StringComparison.Ordinal)) return weightName[..^"weight".Length] + "bias";
        int dot = weightName.LastIndexOf('.') + 1;
        return weightName.Length > dot && weightName[dot] == 'W' ? weightName[..dot] + "b" + weightName[(dot + 1)..] : null;
    }

    /// <summary>θ index of the first entry of parameter <paramref name="i"/>.</summary>
    public long OffsetOf(int i) => _offsets[i];

    /// <summary>Index of the parameter with this name.</summary>
    /// <exception cref="ArgumentException">No trainable parameter has that name (the message lists them).</exception>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Names.Count; i++)
            if (Names[i] == name) return i;
        string hint = FrozenNames.Contains(name) ? " (it is frozen: requires_grad = false)" : "";
        throw new ArgumentException($"no trainable parameter '{name}'{hint}; trainable: {string.Join(", ", Names)}", nameof(name));
    }

    /// <summary>The current values as one detached vector θ (a copy; PyTorch's <c>parameters_to_vector</c>).</summary>
    public Tensor ToFlat() => Flatten(Tensors.Select(t => t.detach()).ToList());

    /// <summary>Flattens one tensor per parameter (same numbers of entries, in <see cref="Names"/> order) into θ order.</summary>
    /// <exception cref="ArgumentException">Wrong number of tensors or a tensor of the wrong size.</exception>
    public Tensor Flatten(IReadOnlyList<Tensor> perParameter)
    {
        if (perParameter.Count != Tensors.Count)
            throw new ArgumentException($"expected {Tensors.Count} tensors (one per trainable parameter), got {perParameter.Count}", nameof(perParameter));
        for (int i = 0; i < Tensors.Count; i++)
            if (perParameter[i].numel() != Tensors[i].numel())
                throw new ArgumentException($"tensor {i} has {perParameter[i].numel()} entries but {Names[i]} has {Tensors[i].numel()}", nameof(perParameter));
        return torch.cat(perParameter.Select(t => t.reshape(-1)).ToArray(), 0);
    }

    /// <summary>Splits a flat vector of length P into one tensor per parameter, shaped like it (views of <paramref name="flat"/>).</summary>
    /// <exception cref="ArgumentException">A vector whose shape is not [P].</exception>
    public IReadOnlyList<Tensor> Split(Tensor flat)
    {
        CheckFlat(flat, nameof(flat));
        return Tensors.Select((t, i) => flat.narrow(0, _offsets[i], _offsets[i + 1] - _offsets[i]).view(t.shape)).ToList();
    }

    /// <summary>Named views of a flat vector: name → tensor shaped like that parameter.</summary>
    public IReadOnlyDictionary<string, Tensor> Unflatten(Tensor flat)
    {
        var parts = Split(flat);
        var named = new Dictionary<string, Tensor>();
        for (int i = 0; i < parts.Count; i++) named[Names[i]] = parts[i];
        return named;
    }

    /// <summary>Writes θ into the parameters in place, without recording a graph (PyTorch's <c>vector_to_parameters</c>).
    /// Any Hessian built earlier on the old values becomes stale and reports so on its next use.</summary>
    public void CopyFromFlat(Tensor flat)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var parts = Split(flat);
        for (int i = 0; i < parts.Count; i++) Tensors[i].copy_(parts[i]);
    }

    /// <summary>The accumulated gradients (<c>p.grad</c>) as one vector θ; zeros where a parameter has none.</summary>
    public Tensor FlatGradient() =>
        Flatten(Tensors.Select(t => t.grad is { } g ? g.detach() : torch.zeros_like(t)).ToList());

    private void CheckFlat(Tensor flat, string name)
    {
        if (flat.dim() != 1 || flat.shape[0] != Count)
            throw new ArgumentException($"expected a vector of shape [{Count}], got [{string.Join(",", flat.shape)}]", name);
    }
}
