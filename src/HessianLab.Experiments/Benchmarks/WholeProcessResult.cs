namespace HessianLab.Benchmarks;

/// <summary>What <see cref="WholeProcessBenchmark"/> measured, with the targets next to the numbers.</summary>
/// <param name="Command">The float64 command line (without the executable).</param>
/// <param name="Runs">Every timed run, float64 first.</param>
/// <param name="Float64Seconds">Median whole-process wall time, float64.</param>
/// <param name="Float32Seconds">Median whole-process wall time, float32.</param>
/// <param name="Float64Phases">Median of each phase over the float64 runs.</param>
/// <param name="PeakResidentBytes">Median peak resident memory of the float64 runs.</param>
/// <param name="HessianAndInputBytes">Bytes of the float64 Hessian plus the inputs X, y.</param>
/// <param name="Float32MaxRelativeError">max |H₃₂ − H₆₄| / max |H₆₄| over the written matrices.</param>
/// <param name="Float32FrobeniusRelativeError">‖H₃₂ − H₆₄‖_F / ‖H₆₄‖_F.</param>
/// <param name="LoadAverage">1-minute load average at the start.</param>
public sealed record WholeProcessResult(string Command, IReadOnlyList<WholeProcessRun> Runs, double Float64Seconds, double Float32Seconds,
    IReadOnlyDictionary<string, double> Float64Phases, long? PeakResidentBytes, long HessianAndInputBytes,
    double Float32MaxRelativeError, double Float32FrobeniusRelativeError, double LoadAverage)
{
    /// <summary>Issue target: whole process ≤ 4 s.</summary>
    public const double TargetSeconds = 4.0;

    /// <summary>Issue target: float32 ≥ 1.8× faster than float64.</summary>
    public const double TargetFloat32Speedup = 1.8;

    /// <summary>Issue target: peak resident memory ≤ 1.25 × (Hessian + inputs).</summary>
    public const double TargetPeakOverData = 1.25;

    /// <summary>The PyTorch reference measured in the same run (null when not asked for).</summary>
    public PyTorchComparison? PyTorch { get; init; }

    /// <summary>float64 / float32 median time.</summary>
    public double Float32Speedup => Float64Seconds / Float32Seconds;

    /// <summary>Peak resident memory over Hessian + inputs (NaN where unknown).</summary>
    public double PeakOverData => PeakResidentBytes is { } p ? (double)p / HessianAndInputBytes : double.NaN;
}
