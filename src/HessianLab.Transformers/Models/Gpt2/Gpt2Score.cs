using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Models.Gpt2;

/// <summary>A GPT-2 model's logits on one token sequence and its mean next-token cross-entropy.</summary>
/// <param name="Logits">(T × V) logits, in the model's dtype, detached.</param>
/// <param name="MeanCrossEntropy">(1/(T−1)) Σ_{t&lt;T−1} −log softmax(logits[t])[ids[t+1]] in nats.</param>
/// <param name="Predictions">T − 1.</param>
public sealed record Gpt2Score(Tensor Logits, double MeanCrossEntropy, int Predictions)
{
    /// <summary>Scores <paramref name="ids"/> (2 ≤ T ≤ n_positions, each id in [0, V)) without building a gradient graph.</summary>
    /// <exception cref="ArgumentException">Fewer than 2 tokens, more than n_positions, or an id out of range.</exception>
    public static Gpt2Score Of(Gpt2Model model, IReadOnlyList<long> ids)
    {
        var c = model.Config;
        if (ids.Count < 2) throw new ArgumentException($"need at least 2 token ids for a next-token loss, got {ids.Count}", nameof(ids));
        if (ids.Count > c.Positions) throw new ArgumentException($"{ids.Count} token ids exceed n_positions {c.Positions}", nameof(ids));
        foreach (long id in ids)
            if (id < 0 || id >= c.VocabSize) throw new ArgumentException($"token id {id} is outside the vocabulary [0, {c.VocabSize})", nameof(ids));
        using var _ = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var tokens = torch.tensor(ids.ToArray()).unsqueeze(0);
        var logits = model.forward(tokens).squeeze(0);
        int n = ids.Count - 1;
        double ce = nn.functional.cross_entropy(logits.narrow(0, 0, n), tokens.squeeze(0).narrow(0, 1, n)).to_type(ScalarType.Float64).item<double>();
        return new Gpt2Score(logits.detach().MoveToOuterDisposeScope(), ce, n);
    }
}
