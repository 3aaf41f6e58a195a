namespace HessianLab.Benchmarks;

/// <summary>HessianLab's whole <c>hessian</c> process against the PyTorch reference measured in the same run
/// (issue 16's targets: ≥ 2.5× the PyTorch closed form, ≥ 250× the per-row method; docs/performance.md).</summary>
/// <param name="Reference">What the PyTorch script measured (or why it did not run).</param>
/// <param name="HessianLabSeconds">HessianLab's median whole-process time, float64.</param>
public sealed record PyTorchComparison(PyTorchReferenceResult Reference, double HessianLabSeconds)
{
    /// <summary>Target: PyTorch closed form / HessianLab whole process ≥ 2.5.</summary>
    public const double TargetClosedFormRatio = 2.5;

    /// <summary>Target: projected per-row method / HessianLab whole process ≥ 250.</summary>
    public const double TargetPerRowRatio = 250;

    /// <summary>PyTorch closed form (matrix alone, median) / HessianLab whole process (NaN when not available).</summary>
    public double ClosedFormRatio => Reference.Available ? Reference.ClosedFormMedianSeconds / HessianLabSeconds : double.NaN;

    /// <summary>Projected per-row method / HessianLab whole process (NaN when not measured).</summary>
    public double PerRowRatio => Reference.PerRowProjectedSeconds is { } t ? t / HessianLabSeconds : double.NaN;
}
