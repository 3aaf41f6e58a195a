using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Training;

namespace HessianLab.Runs;

/// <summary>Everything `hessianlab hessian` needs: the network, its data, optional training, the method and the output folder.</summary>
/// <param name="Model">Architecture (widths d,…,C; activation; bias; init).</param>
/// <param name="Loss">CE or MSE.</param>
/// <param name="Samples">N, the number of samples the loss averages over.</param>
/// <param name="Data">Gaussian or cluster data.</param>
/// <param name="Seed">Data seed; the initialization uses <see cref="InitSeed"/>.</param>
/// <param name="Training">Full-batch Adam before taking the Hessian (Steps = 0: at initialization).</param>
/// <param name="Method">How to compute the Hessian (auto, autograd, exact).</param>
/// <param name="OutDir">Output folder.</param>
/// <param name="Device">Torch device ("cpu" default; "cuda" with a CUDA build of TorchSharp).</param>
/// <param name="Float32">Compute in float32 instead of float64.</param>
/// <param name="MemoryBudgetBytes">Working memory allowed beyond the Hessian itself (exact engine).</param>
/// <param name="Parts">Also compute the GGN part (residual = H − GGN) for the cross-layer split (exact engine; one more pass).</param>
public sealed record HessianRunOptions(
    MlpSpec Model,
    LossKind Loss = LossKind.Ce,
    int Samples = 1000,
    DataKind Data = DataKind.Gaussian,
    long Seed = 0,
    TrainingOptions? Training = null,
    string Method = "auto",
    string OutDir = "results/hessian",
    string Device = "cpu",
    bool Float32 = false,
    long MemoryBudgetBytes = 2L << 30,
    bool Parts = false)
{
    /// <summary>Seed of the weight initialization, derived from <see cref="Seed"/> so data and weights differ.</summary>
    public long InitSeed => Seed + 1_000_003;

    /// <summary>The training options, never null.</summary>
    public TrainingOptions TrainingOrNone => Training ?? new TrainingOptions(0);
}
