using HessianLab.Curvature.Exact;
using HessianLab.Losses;
using HessianLab.Models;
using static TorchSharp.torch;

namespace HessianLab.Benchmarks;

/// <summary>What <see cref="HessianBenchmark"/> measures. Defaults: the talk's 2-layer net (d = C = 500, m = 8,
/// N = 5000, ReLU, CE, no biases, P = 8000) — docs/performance.md.</summary>
/// <param name="Widths">d_0, …, d_L.</param>
/// <param name="Samples">N (Gaussian inputs, uniform labels).</param>
/// <param name="Activation">Hidden activation.</param>
/// <param name="Loss">CE or MSE.</param>
/// <param name="Bias">Layers with biases.</param>
/// <param name="Repeats">Runs of the exact engine; the best is reported.</param>
/// <param name="AutogradRows">Rows timed with the autograd (paper's) method, spread over θ; extrapolated to all P rows.</param>
/// <param name="DType">float64 (default) or float32 for the engine and the DGEMM/SGEMM reference.</param>
/// <param name="MemoryBudgetBytes">Engine working-memory budget.</param>
/// <param name="Seed">Seed of weights and data.</param>
public sealed record HessianBenchmarkOptions(
    IReadOnlyList<int> Widths, int Samples = 5000, Activation Activation = Activation.Relu, LossKind Loss = LossKind.Ce,
    bool Bias = false, int Repeats = 3, int AutogradRows = 8, ScalarType DType = ScalarType.Float64,
    long MemoryBudgetBytes = ExactHessianOptions.DefaultBudget, long Seed = 0)
{
    /// <summary>The talk's 2-layer net.</summary>
    public static HessianBenchmarkOptions Talk() => new(new[] { 500, 8, 500 });

    /// <summary>Checks the values and returns this.</summary>
    /// <exception cref="ArgumentException">A value out of range, naming the option.</exception>
    public HessianBenchmarkOptions Validated()
    {
        new MlpSpec(Widths, Activation, Bias).Validated();
        if (Samples <= 0) throw new ArgumentException($"samples must be positive, got {Samples}", nameof(Samples));
        if (Repeats <= 0) throw new ArgumentException($"repeats must be ≥ 1, got {Repeats}", nameof(Repeats));
        if (AutogradRows <= 0) throw new ArgumentException($"autograd rows must be ≥ 1, got {AutogradRows}", nameof(AutogradRows));
        new ExactHessianOptions(MemoryBudgetBytes, DType).Validated();
        return this;
    }

    /// <summary>The full-batch model and data, the P×P Hessian, and the graph the autograd rows keep (≈ 3 more
    /// passes of activations).</summary>
    public Core.MemoryPlan MemoryPlan()
    {
        int size = DType == ScalarType.Float32 ? 4 : 8;
        double p = MlpMemory.ParameterCount(Widths, Bias);
        return MlpMemory.FullBatch(Widths, Bias, Samples, size)
            .Add($"the {p:0}×{p:0} Hessian", size, p, p)
            .Add("the double-backward graph of the autograd rows", size, 3, Samples, Widths.Skip(1).Sum(w => (double)w));
    }
}
