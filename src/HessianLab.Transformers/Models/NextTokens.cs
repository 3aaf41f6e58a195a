using static TorchSharp.torch;

namespace HessianLab.Models;

/// <summary>The next-token problem of token ids (B, T+1): the model reads ids[:, :-1] and predicts ids[:, 1:].</summary>
internal static class NextTokens
{
    /// <summary>(inputs ids[:, :-1], targets ids[:, 1:]), both (B, T).</summary>
    /// <exception cref="ArgumentException">Fewer than 2 tokens per sequence.</exception>
    public static (Tensor Inputs, Tensor Targets) Split(Tensor ids)
    {
        long t = ids.shape[1] - 1;
        if (t < 1) throw new ArgumentException("the next-token loss needs at least 2 tokens per sequence", nameof(ids));
        return (ids.narrow(1, 0, t), ids.narrow(1, 1, t));
    }
}
