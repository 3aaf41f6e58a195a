using HessianLab.Data;
using HessianLab.Losses;

namespace HessianLab.Experiments.Preconditioners;

/// <summary>E10's settings (written to e10_config.json).</summary>
/// <param name="Widths">MLP widths d, m, C (no biases, ReLU, LeCun init).</param>
/// <param name="Samples">N.</param>
/// <param name="Data">Data kind.</param>
/// <param name="Loss">Loss kind.</param>
/// <param name="TrainSteps">Full-batch Adam steps before measuring (choose: the talk's run is 50,000 steps at lr 1e-4).</param>
/// <param name="LearningRate">Adam peak rate (cosine to 0).</param>
/// <param name="Seed">Seed of init (seed) and data (seed + 1).</param>
public sealed record E10Config(int[] Widths, int Samples, DataKind Data, LossKind Loss, int TrainSteps, double LearningRate, long Seed)
{
    /// <summary>Seconds-size run for tests and CI: 16-4-16, N = 200, 200 Adam steps at 1e-2.</summary>
    public static E10Config Quick(long seed) => new(new[] { 16, 4, 16 }, 200, DataKind.Gaussian, LossKind.Ce, 200, 1e-2, seed);

    /// <summary>The talk's 2-layer net (d = C = 500, m = 8, N = 5000, CE, Gaussian), trained 3000 Adam steps at 1e-3 (choose).</summary>
    public static E10Config Full(long seed) => new(new[] { 500, 8, 500 }, 5000, DataKind.Gaussian, LossKind.Ce, 3000, 1e-3, seed);
}
