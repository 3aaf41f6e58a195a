using HessianLab.Data;
using HessianLab.Losses;

namespace HessianLab.Experiments.Preconditioners;

/// <summary>E10's settings (written to e10_config.json).</summary>
/// <param name="Widths">MLP widths d, m, C (no biases, ReLU, LeCun init).</param>
/// <param name="Samples">N.</param>
/// <param name="Data">Data kind.</param>
/// <param name="Loss">Loss kind.</param>
/// <param name="Steps">Full-batch steps of every optimizer (cosine schedule to 0 over these steps).</param>
/// <param name="Seeds">Seeds per optimizer at its tuned rate (≥ 3; seed s: init s, data s + 1 — data differ across seeds).</param>
/// <param name="LearningRates">Per optimizer (<see cref="E10Optimizers.Names"/>), the rates tried on the first seed; the one with
/// the lowest final loss is "tuned".</param>
/// <param name="KfacDamping">λ of K-FAC's G ⊗ A + λ I.</param>
/// <param name="NewtonDamping">λ of the block-Newton step (|H_ii| + λ I)^{−1}.</param>
/// <param name="CurvatureInterval">Steps between curvature updates of K-FAC and block Newton.</param>
/// <param name="ShampooInterval">Steps between Shampoo's inverse-root updates.</param>
/// <param name="Seed">First seed.</param>
public sealed record E10Config(int[] Widths, int Samples, DataKind Data, LossKind Loss, int Steps, int Seeds,
    IReadOnlyDictionary<string, double[]> LearningRates, double KfacDamping, double NewtonDamping, int CurvatureInterval,
    int ShampooInterval, long Seed)
{
    /// <summary>Relative eigenvalue cut-offs at which conditioning is reported.</summary>
    public static readonly double[] Cutoffs = { 1e-8, 1e-6, 1e-4 };

    /// <summary>Small run for tests and CI: 16-4-16, N = 200, 30 steps, 3 seeds, one rate per optimizer (no tuning), K-FAC and
    /// block-Newton curvature every 5 steps.</summary>
    public static E10Config Quick(long seed) => new(new[] { 16, 4, 16 }, 200, DataKind.Gaussian, LossKind.Ce, 30, 3,
        new Dictionary<string, double[]>
        {
            ["Adam"] = new[] { 3e-2 }, ["Adam-mini"] = new[] { 3e-2 }, ["Muon"] = new[] { 0.1 }, ["NorMuon"] = new[] { 0.1 },
            ["Shampoo"] = new[] { 0.1 }, ["K-FAC"] = new[] { 0.3 }, ["block Newton"] = new[] { 0.3 },
        }, 1e-3, 1e-3, 5, 1, seed);

    /// <summary>The talk's 2-layer net at the reduced width of the `hessian` main job (d = C = 100, m = 8, N = 1000, CE,
    /// Gaussian, random labels): 100 steps, 3 seeds, 2 rates per optimizer, block Newton and K-FAC curvature every 5 steps,
    /// Shampoo roots every step (<see cref="Talk"/> is the talk's size).</summary>
    public static E10Config Full(long seed) => new(new[] { 100, 8, 100 }, 1000, DataKind.Gaussian, LossKind.Ce, 100, 3, Rates, 1e-3, 1e-3, 5, 1, seed);

    /// <summary>The talk's size (d = C = 500, m = 8, N = 5000; P_l = 4000 per layer), otherwise as <see cref="Full"/>
    /// (roots every 5 steps). Not run by the CLI: 28 dense 4000² eigendecompositions plus the block-Newton layer blocks
    /// of every curvature update do not fit 10 minutes on 2 shared cores.</summary>
    public static E10Config Talk(long seed) => new(new[] { 500, 8, 500 }, 5000, DataKind.Gaussian, LossKind.Ce, 100, 3, Rates, 1e-3, 1e-3, 5, 5, seed);

    private static Dictionary<string, double[]> Rates => new()
    {
        ["Adam"] = new[] { 1e-2, 3e-2 }, ["Adam-mini"] = new[] { 1e-2, 3e-2 }, ["Muon"] = new[] { 0.1, 0.3 },
        ["NorMuon"] = new[] { 0.1, 0.3 }, ["Shampoo"] = new[] { 0.1, 0.3 }, ["K-FAC"] = new[] { 0.3, 1.0 },
        ["block Newton"] = new[] { 0.1, 0.3 },
    };
}
