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
/// <param name="Vocab">GPT only: vocabulary (output head width), 256 (bytes) or e.g. 50257 (GPT-2's).</param>
public sealed record HvpBenchmarkOptions(string Model, IReadOnlyList<int> Widths, int Samples = 5000,
    Activation Activation = Activation.Relu, LossKind Loss = LossKind.Ce, int Repeats = 10, long Seed = 0,
    string? Checkpoint = null, int Tokens = 128, int Vocab = 256)
{
    /// <summary>The GPT of the benchmark with the byte vocabulary: 2 blocks, width 64, context 64.</summary>
    public static readonly Models.Gpt.GptConfig GptConfig = new(Vocab: 256, Context: 64, Layers: 2, Heads: 4, Dim: 64);

    /// <summary>The benchmark's GPT with this run's vocabulary.</summary>
    public Models.Gpt.GptConfig GptConfigForVocab => GptConfig with { Vocab = Vocab };

    /// <summary>Checks the values and returns this.</summary>
    /// <exception cref="ArgumentException">A value out of range, naming the option.</exception>
    public HvpBenchmarkOptions Validated()
    {
        if (Model is not ("mlp" or "gpt" or "gpt2")) throw new ArgumentException($"model '{Model}' is unknown: use mlp, gpt or gpt2", nameof(Model));
        if (Tokens <= 0) throw new ArgumentException($"tokens must be positive, got {Tokens}", nameof(Tokens));
        if (Vocab < 2) throw new ArgumentException($"vocab must be ≥ 2, got {Vocab}", nameof(Vocab));
        if (Model == "mlp") new MlpSpec(Widths, Activation).Validated();
        if (Samples <= 0) throw new ArgumentException($"samples must be positive, got {Samples}", nameof(Samples));
        if (Repeats <= 0) throw new ArgumentException($"repeats must be ≥ 1, got {Repeats}", nameof(Repeats));
        return this;
    }

    /// <summary>MLP: the full-batch model and data, the create_graph graph (≈ 3 more passes of activations) and,
    /// up to <see cref="HvpBenchmark.ExactCheckMaxParameters"/> parameters, the exact Hessian for the check. GPT: per sequence and
    /// block, the attention maps (heads × T²) and ≈ 16 activations of T × width, kept three times over by the
    /// double-backward graph, and the closed-form head's graph (HVPs of both are timed in turn) twice over.</summary>
    public Core.MemoryPlan MemoryPlan()
    {
        if (Model == "gpt2")
        {
            // Weights, gradients and the double-backward graph's copies (≈ 5 × P), and per sequence and block the
            // attention maps and ≈ 24 activations of T × width kept three times over, plus the logits.
            var c = Checkpoint is null ? Models.Gpt2.Gpt2Config.Small124M : Models.Gpt2.Gpt2Checkpoint.ReadConfig(Checkpoint);
            double perSequence = c.Layers * ((double)c.Heads * Tokens * Tokens * 4 + 24.0 * Tokens * c.Embedding) + (double)Tokens * c.VocabSize;
            return new Core.MemoryPlan()
                .Add($"GPT-2 weights, gradients and graph ({c.ParameterCount} parameters)", 8, 5, c.ParameterCount)
                .Add($"the double-backward graph of {Samples} sequences of {Tokens} tokens", 8, 3, Samples, perSequence)
                .Add("the closed-form head's trunk graph, softmax and workspace, held beside it", 8, 2, Samples, perSequence);
        }
        if (Model == "gpt")
        {
            var c = GptConfigForVocab;
            double perSequence = c.Layers * ((double)c.Heads * c.Context * c.Context * 4 + 16.0 * c.Context * c.Dim) + (double)c.Context * c.Vocab * 2;
            return new Core.MemoryPlan().Add($"the double-backward graph of {Samples} sequences", 8, 3, Samples, perSequence)
                .Add("the closed-form head's trunk graph, softmax and workspace, held beside it", 8, 2, Samples, perSequence);
        }
        double p = MlpMemory.ParameterCount(Widths, false);
        var plan = MlpMemory.FullBatch(Widths, false, Samples, 8)
            .Add("the create_graph graph", 8, 3, Samples, Widths.Skip(1).Sum(w => (double)w));
        if (p <= HvpBenchmark.ExactCheckMaxParameters) plan.Add("the exact Hessian for the check", 8, p, p);
        return plan;
    }
}
