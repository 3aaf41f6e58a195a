namespace HessianLab.Benchmarks;

/// <summary>One <c>hessian</c> process: its wall time from start to exit, its own phase table (metrics.json's
/// <c>seconds</c>) and its peak resident memory (VmHWM at the end of the run).</summary>
public sealed record WholeProcessRun(bool Float32, double WallSeconds, IReadOnlyDictionary<string, double> Phases, long? PeakResidentBytes);
