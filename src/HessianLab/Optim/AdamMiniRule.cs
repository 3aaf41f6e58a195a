using System.Text.RegularExpressions;
using TorchSharp.Modules;

namespace HessianLab.Optim;

/// <summary>One Adam-mini partition rule: parameters whose name matches <see cref="Pattern"/> get <see cref="Block"/>.</summary>
/// <param name="Pattern">A name pattern: '*' matches any run of characters (dots included), everything else is
/// literal, and the whole name must match — e.g. "*.weight", "transformer.h.*.attn.c_attn.weight", "wte.weight".</param>
/// <param name="Block">The block rule (rows, heads, tokens, whole tensor, elements).</param>
/// <param name="MinRank">Only parameters of at least this rank match (default 0: any rank).</param>
/// <param name="MaxRank">Only parameters of at most this rank match (default: any rank).</param>
/// <remarks>The official Adam-mini code partitions by parameter names in the same way (e.g. GPT-2's "attn.c_attn"
/// by heads, "wte"/"lm_head" by tokens, norms as whole tensors; docs/optimizers.md).</remarks>
public sealed record AdamMiniRule(string Pattern, BlockRule Block, int MinRank = 0, int MaxRank = int.MaxValue)
{
    private Regex? _regex;

    /// <summary>True when the rule covers the parameter.</summary>
    public bool Matches(string name, Parameter parameter)
    {
        _regex ??= new Regex("^" + string.Join(".*", Pattern.Split('*').Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant);
        long rank = parameter.dim();
        return rank >= MinRank && rank <= MaxRank && _regex.IsMatch(name);
    }

    /// <summary>Rule for names matching <paramref name="pattern"/> of rank ≥ 2 (weights).</summary>
    public static AdamMiniRule Weights(string pattern, BlockRule block) => new(pattern, block, MinRank: 2);

    /// <summary>Rule for names matching <paramref name="pattern"/> of rank ≤ 1 (biases, gains).</summary>
    public static AdamMiniRule Vectors(string pattern, BlockRule block) => new(pattern, block, MaxRank: 1);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Pattern} → {Block}" + (MinRank > 0 ? $" (rank ≥ {MinRank})" : "") + (MaxRank < int.MaxValue ? $" (rank ≤ {MaxRank})" : "");
}
