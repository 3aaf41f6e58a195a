using HessianLab.Core;
using HessianLab.Curvature;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Training;

namespace HessianLab.Runs;

/// <summary>Everything a Hessian run needs: the network, its data, optional training, the method and the output folder.</summary>
/// <param name="Model">Architecture (widths d,…,C; activation; bias; init).</param>
/// <param name="Loss">CE or MSE.</param>
/// <param name="Samples">N, the number of samples the loss averages over.</param>
/// <param name="Data">Gaussian or cluster data.</param>
/// <param name="Seed">Data seed; the initialization uses <see cref="InitSeed"/>.</param>
/// <param name="Training">Full-batch Adam before taking the Hessian (Steps = 0: at initialization).</param>
/// <param name="Method">How to compute the Hessian (auto, autograd, exact).</param>
/// <param name="OutDir">The result folder (replaced as a whole, see <see cref="IO.ResultFolder"/>).</param>
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
    HessianMethod Method = HessianMethod.Auto,
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

    /// <summary>Checks every value (nothing is allocated) and returns this.</summary>
    /// <exception cref="ArgumentException">A value out of range, naming the parameter.</exception>
    public HessianRunOptions Validated()
    {
        Model.Validated();
        if (Samples <= 0) throw new ArgumentException($"samples must be positive, got {Samples}", nameof(Samples));
        TrainingOrNone.Validated();
        if (MemoryBudgetBytes <= 0) throw new ArgumentException($"memory budget must be positive, got {MemoryBudgetBytes} bytes", nameof(MemoryBudgetBytes));
        if (Parts && Method == HessianMethod.Autograd)
            throw new ArgumentException("the GGN/residual split (parts) needs the exact engine: use method auto or exact", nameof(Parts));
        Devices.Check(Device);
        return this;
    }

    /// <summary>The large allocations of the run: the full-batch model and data, the P×P Hessian (twice more with
    /// <see cref="Parts"/>: the GGN and the residual). hessian.npy is written in the computed precision, straight from it.</summary>
    public MemoryPlan MemoryPlan()
    {
        int size = Float32 ? 4 : 8;
        double p = MlpMemory.ParameterCount(Model.Widths, Model.Bias);
        var plan = MlpMemory.FullBatch(Model.Widths, Model.Bias, Samples, size)
            .Add($"the {p:0}×{p:0} {(Float32 ? "float32" : "float64")} Hessian", size, p, p);
        if (Parts) plan.Add("its GGN part and residual", size, 2, p, p);
        return plan;
    }
}
