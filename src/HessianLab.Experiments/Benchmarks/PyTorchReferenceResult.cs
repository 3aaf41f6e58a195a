namespace HessianLab.Benchmarks;

/// <summary>What bench/pytorch/closed_form_hessian.py measured, or why it could not run.</summary>
/// <param name="NotAvailable">Null when the script ran; otherwise the one-line reason (python3 or torch missing, the
/// script failed).</param>
/// <param name="Torch">torch's version.</param>
/// <param name="Blas">The BLAS torch was built with.</param>
/// <param name="Threads">torch's intra-op threads.</param>
/// <param name="Parameters">P.</param>
/// <param name="ClosedFormSeconds">Each timed run of the closed form (the matrix alone, inputs in memory).</param>
/// <param name="ClosedFormMedianSeconds">Their median.</param>
/// <param name="CompareMaxRelative">max |H_torch − H_HessianLab| / max |H_HessianLab| (null without a comparison).</param>
/// <param name="Rows">Rows timed by double backward (0: none).</param>
/// <param name="GradientSeconds">The gradient with its graph, computed once before the rows.</param>
/// <param name="RowSeconds">Seconds per row.</param>
/// <param name="PerRowProjectedSeconds">Gradient + P × seconds per row: the per-row method for the whole matrix.</param>
/// <param name="RowsMaxRelative">The sampled rows against the closed form, max |Δ| / max |H|.</param>
public sealed record PyTorchReferenceResult(string? NotAvailable, string? Torch = null, string? Blas = null, int Threads = 0,
    long Parameters = 0, IReadOnlyList<double>? ClosedFormSeconds = null, double ClosedFormMedianSeconds = double.NaN,
    double? CompareMaxRelative = null, int Rows = 0, double? GradientSeconds = null, double? RowSeconds = null,
    double? PerRowProjectedSeconds = null, double? RowsMaxRelative = null)
{
    /// <summary>1-minute load average when the script started.</summary>
    public double LoadAverage { get; init; } = double.NaN;

    /// <summary>Whether the script ran.</summary>
    public bool Available => NotAvailable is null;

    /// <summary>A result that says why the reference could not run.</summary>
    public static PyTorchReferenceResult Missing(string reason) => new(reason);
}
