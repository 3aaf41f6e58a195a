using HessianLab.Optim;
using TorchSharp.Modules;

namespace HessianLab.Training;

/// <summary>The partition rules of the official Adam-mini implementation (v1.1, Zhang et al. 2024), applied to parameter
/// names: the name is lower-cased and tested for substrings, in this order —
/// "bias" → per element (plain Adam);
/// Q/K names {k_proj, q_proj, wq, wk, query, key} → one block per head (head size d²/heads);
/// embedding {embed, embd, wte}, output {lm_head, output, final_layer}, value {v_proj, wv, value},
/// attention output {o_proj, wo, attn.proj} and MLP {feed_forward, linear, mlp} names → one block per row of the stored tensor;
/// anything else → one block for the whole tensor (LayerNorm gains, and every other unmatched weight).</summary>
/// <remarks>On Hugging Face GPT-2 names this means: wte by token; wpe, attn.c_attn and attn.c_proj one block each (no rule
/// names them); mlp.c_fc and mlp.c_proj by rows of the stored Conv1D [in, out] tensor, i.e. per input unit; LayerNorm
/// gains whole, biases per element. HessianLab's own GPT partition (Q/K per head, V/O/MLP per output neuron,
/// embeddings and head per token) is what these rules give on Llama-style names.</remarks>
public static class AdamMiniOfficialRules
{
    private static readonly string[] QueryKey = { "k_proj", "q_proj", "wq", "wk", "query", "key" };
    private static readonly string[] ByRow =
    {
        "embed", "embd", "wte", "lm_head", "output", "final_layer", "v_proj", "wv", "value", "o_proj", "wo", "attn.proj",
        "feed_forward", "linear", "mlp",
    };

    /// <summary>The block rule the official code gives a parameter of this name (<paramref name="heads"/> for Q/K).</summary>
    public static BlockRule RuleFor(string name, int heads)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (heads < 1) throw new ArgumentException($"heads must be ≥ 1, got {heads}", nameof(heads));
        string n = name.ToLowerInvariant();
        if (n.Contains("bias", StringComparison.Ordinal)) return BlockRule.Elements;
        if (QueryKey.Any(k => n.Contains(k, StringComparison.Ordinal))) return BlockRule.PerHead(heads);
        if (ByRow.Any(k => n.Contains(k, StringComparison.Ordinal))) return BlockRule.Rows;
        return BlockRule.WholeTensor;
    }

    /// <summary>The partition of <paramref name="parameters"/> under the official rules.</summary>
    /// <param name="parameters">Named trainable parameters.</param>
    /// <param name="heads">Attention heads (Q/K blocks).</param>
    public static AdamMiniPartition Partition(IEnumerable<(string Name, Parameter Parameter)> parameters, int heads)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var part = new AdamMiniPartition();
        foreach (var (name, p) in parameters) part.Add(name, p, RuleFor(name, heads));
        return part;
    }
}
