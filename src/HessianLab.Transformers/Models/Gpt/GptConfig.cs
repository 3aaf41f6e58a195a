namespace HessianLab.Models.Gpt;

/// <summary>A small GPT-2-style decoder (pre-LayerNorm, learned positions, GELU MLP of width 4·Dim, untied head).</summary>
/// <param name="Vocab">Vocabulary size = number of classes C of the next-token loss.</param>
/// <param name="Context">Maximum sequence length T.</param>
/// <param name="Layers">Number of blocks.</param>
/// <param name="Heads">Attention heads per block (Dim must be divisible by it).</param>
/// <param name="Dim">Model width d.</param>
public sealed record GptConfig(int Vocab, int Context = 64, int Layers = 2, int Heads = 4, int Dim = 64)
{
    /// <summary>Per-head width d / heads.</summary>
    public int HeadDim => Dim / Heads;

    /// <summary>Checks sizes, naming the bad one.</summary>
    public GptConfig Validated()
    {
        foreach (var (name, v) in new[] { ("vocab", Vocab), ("context", Context), ("layers", Layers), ("heads", Heads), ("dim", Dim) })
            if (v <= 0) throw new ArgumentException($"GPT {name} must be positive, got {v}");
        if (Dim % Heads != 0) throw new ArgumentException($"GPT dim {Dim} is not divisible by heads {Heads}");
        return this;
    }
}
