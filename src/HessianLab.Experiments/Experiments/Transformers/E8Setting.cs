using HessianLab.Text;

namespace HessianLab.Experiments.Transformers;

/// <summary>One model E8 trains and measures: vocabulary, width, depth, context and sequences per step.</summary>
/// <param name="Kind">Byte (C = 256) or GPT-2 BPE (C = 50257) vocabulary.</param>
/// <param name="Dim">Model width d.</param>
/// <param name="Layers">Transformer blocks.</param>
/// <param name="Context">Tokens per training sequence.</param>
/// <param name="Batch">Sequences per step; every setting of one run sees Batch · Context tokens per step.</param>
public sealed record E8Setting(TokenizerKind Kind, int Dim, int Layers, int Context, int Batch)
{
    /// <summary>Short label, e.g. "bytes-d64-L2".</summary>
    public string Tag => $"{Kind.ToString().ToLowerInvariant()}-d{Dim}-L{Layers}";

    /// <summary>Tokens seen per optimizer step.</summary>
    public int TokensPerStep => Batch * Context;
}
