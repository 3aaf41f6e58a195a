using HessianLab.Losses;
using HessianLab.Models;

namespace HessianLab.Benchmarks;

/// <summary>What <see cref="HvpBenchmark"/> measures: an MLP on Gaussian data (default the talk's 2-layer net) or a
/// small GPT on random byte tokens, or GPT-2 (random weights of the 124M shape, or a checkpoint) on random tokens, in float64.</summary>
/// <param name="Model">"mlp", "gpt" or "gpt2".</param>
/// <param name="Widths">MLP widths d_0, …, d_L.</param>
/// <param name="Samples">MLP: N samples; GPT: sequences in the batch.</param>
/// <param name="Activation">MLP hidden activation.</param>
/// <param name="Loss">MLP loss.</param>
/// <param name="Repeats">Timed gradients and products (after one warm-up each); the median is reported.</param>
/// <param name="Seed">Seed of weights, data and the vectors v.</param>
/// <param name="Checkpoint">GPT-2 only: a Hugging Face style folder to load (converted to float64); null: random weights of the 124M shape.</param>
/// <param name="Tokens">GPT-2 only: tokens per sequence T (the loss predicts T tokens from T inputs).</param>
public sealed record HvpBenchmarkOptions(string Model, IReadOnlyList<int> Widths, int Samples = 5000,
    Activation Activation = Activation.Relu, LossKind Loss = LossKind.Ce, int Repeats = 10, long Seed = 0,
    string? Checkpoint = null, int Tokens = 128)
{
    /// <summary>The GPT of the benchmark: byte vocabulary, 2 blocks, width 64, context 64.</summary>
    public static readonly Models.Gpt.GptConfig GptConfig = new(Vocab: 256, Context: 64, Layers: 2, Heads: 4, Dim: 64);

    /// <summary>Checks the values and returns this.</summary>
    /// <exception cref="ArgumentException">A value out of range, naming the option.</exception>
    public HvpBenchmarkOptions Validated()
    {
        if (Model is not ("mlp" or "gpt" or "gpt2")) throw new ArgumentException($"--model '{Model}': use mlp or gpt, or gpt2 for GPT-2");
        if (Tokens <= 0) throw new ArgumentException($"--tokens must be positive, got {Tokens}");
        if (Model == "mlp") new MlpSpec(Widths, Activation).Validated();
        if (Samples <= 0) throw new ArgumentException($"--samples must be positive, got {Samples}");
        if (Repeats <= 0) throw new ArgumentException($"--repeats must be ≥ 1, got {Repeats}");
        return this;
    }
}
