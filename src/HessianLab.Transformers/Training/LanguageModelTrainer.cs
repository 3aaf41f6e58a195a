using HessianLab.Models.Gpt;
using HessianLab.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Training;

/// <summary>Next-token training of a <see cref="Gpt"/> on random windows of a token stream.</summary>
public static class LanguageModelTrainer
{
    /// <summary>Runs <paramref name="steps"/> optimizer steps and returns the training loss of each.</summary>
    /// <param name="model">Trained in place.</param>
    /// <param name="stream">Training tokens.</param>
    /// <param name="steps">Optimizer steps.</param>
    /// <param name="batch">Sequences per step.</param>
    /// <param name="length">Tokens per sequence (≤ context).</param>
    /// <param name="optimizer">Optimizer over the model's parameters (caller owns it).</param>
    /// <param name="seed">Seed of the window sampler.</param>
    /// <param name="rate">Optional learning-rate schedule: step → multiplier of each group's initial rate.</param>
    public static double[] Train(Gpt model, TokenStream stream, int steps, int batch, int length, optim.Optimizer optimizer,
        long seed = 0, Func<int, double>? rate = null)
    {
        if (steps < 0) throw new ArgumentException($"steps must be ≥ 0, got {steps}");
        using var gen = new Generator((ulong)seed);
        var initial = optimizer.ParamGroups.Select(g => g.InitialLearningRate).ToArray();
        var losses = new double[steps];
        var device = model.parameters().First().device;
        for (int t = 0; t < steps; t++)
        {
            using var scope = torch.NewDisposeScope();
            if (rate is not null)
            {
                int i = 0;
                foreach (var g in optimizer.ParamGroups) g.LearningRate = initial[i++] * rate(t);
            }
            optimizer.zero_grad();
            var loss = model.Loss(stream.Sample(batch, length, gen, device));
            loss.backward();
            optimizer.step();
            losses[t] = loss.to_type(ScalarType.Float64).item<double>();
            Divergence.Check("language-model training", t, losses[t], losses[0]);
        }
        return losses;
    }

    /// <summary>Mean loss over <paramref name="batches"/> fixed random batches (no gradient).</summary>
    public static double Evaluate(Gpt model, TokenStream stream, int batches, int batch, int length, long seed = 12345)
    {
        using var gen = new Generator((ulong)seed);
        using var _ = torch.no_grad();
        var device = model.parameters().First().device;
        double sum = 0;
        for (int b = 0; b < batches; b++)
        {
            using var scope = torch.NewDisposeScope();
            sum += model.Loss(stream.Sample(batch, length, gen, device)).to_type(ScalarType.Float64).item<double>();
        }
        return sum / batches;
    }
}
