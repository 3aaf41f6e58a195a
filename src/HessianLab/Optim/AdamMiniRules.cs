using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Optim;

/// <summary>Builds an <see cref="AdamMiniPartition"/> for a whole module from explicit rules: for each trainable
/// parameter the first matching rule decides its blocks. A parameter that no rule covers is an error naming it —
/// the partition is never guessed.</summary>
public static class AdamMiniRules
{
    /// <summary>The rules of a feed-forward network: every weight by rows (one block per output neuron), every bias
    /// and gain per element. They cover any module whose parameters have rank ≤ 2 or are conv filters (rows = output
    /// channels).</summary>
    public static IReadOnlyList<AdamMiniRule> FeedForward { get; } =
        [AdamMiniRule.Weights("*", BlockRule.Rows), AdamMiniRule.Vectors("*", BlockRule.Elements)];

    /// <summary>The partition of <paramref name="module"/>'s trainable parameters (frozen ones are skipped).</summary>
    /// <param name="module">Any module.</param>
    /// <param name="rules">Rules in priority order (first match wins).</param>
    /// <exception cref="ArgumentException">No rules; a parameter no rule covers (all are listed); a rule whose block
    /// does not fit the parameter's shape (e.g. heads that do not divide the rows).</exception>
    public static AdamMiniPartition Partition(nn.Module module, IEnumerable<AdamMiniRule> rules)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(rules);
        var list = rules.ToList();
        if (list.Count == 0) throw new ArgumentException("at least one rule is needed", nameof(rules));
        var part = new AdamMiniPartition();
        var uncovered = new List<string>();
        foreach (var (name, p) in module.named_parameters())
        {
            if (!p.requires_grad) continue;
            var rule = list.FirstOrDefault(r => r.Matches(name, p));
            if (rule is null) { uncovered.Add($"{name} [{string.Join(",", p.shape)}]"); continue; }
            try { part.Add(name, p, rule.Block); }
            catch (ArgumentException e) { throw new ArgumentException($"rule {rule} does not fit '{name}': {e.Message}", nameof(rules), e); }
        }
        if (uncovered.Count > 0)
            throw new ArgumentException($"no Adam-mini rule covers {string.Join(", ", uncovered)}; add a rule for each " +
                $"(rules: {string.Join("; ", list)})", nameof(rules));
        if (part.Entries.Count == 0) throw new ArgumentException($"the module {module.GetType().Name} has no trainable parameter", nameof(module));
        return part;
    }

    /// <summary>Same, with the rules given inline.</summary>
    public static AdamMiniPartition Partition(nn.Module module, params AdamMiniRule[] rules) => Partition(module, (IEnumerable<AdamMiniRule>)rules);
}
