namespace HessianLab.Benchmarks;

/// <summary>Numbers measured by <see cref="HessianBenchmark"/> in one process (written as JSON by the CLI).</summary>
/// <param name="Widths">Network widths.</param>
/// <param name="Samples">N.</param>
/// <param name="Parameters">P.</param>
/// <param name="Activation">Activation name.</param>
/// <param name="Loss">Loss name.</param>
/// <param name="DType">Engine dtype.</param>
/// <param name="Threads">libtorch intra-op threads.</param>
/// <param name="LoadAverage">1-minute load average when the run started (other processes on the machine).</param>
/// <param name="ExactSeconds">Best wall-clock time of the exact engine's full Hessian.</param>
/// <param name="ExactRunSeconds">Every run's time.</param>
/// <param name="ExactFlops">Flops the engine issued (its GEMMs and batched products; fewer than N·P² where it uses
/// symmetry and skips samples on which relu zeroes a term).</param>
/// <param name="NominalFlops">N·P², the floor of docs/hessian-math.md (dense, no symmetry).</param>
/// <param name="AchievedGflops">ExactFlops / ExactSeconds / 1e9.</param>
/// <param name="GemmSize">n of the n × n × n reference GEMM.</param>
/// <param name="GemmGflops">Best measured GEMM rate in the engine's dtype.</param>
/// <param name="FractionOfGemmRate">AchievedGflops / GemmGflops: how well the issued flops use the machine.</param>
/// <param name="NominalFloorSeconds">NominalFlops at the GEMM rate: docs/performance.md's floor (the target is ≤ 1.5× of it).</param>
/// <param name="AutogradRowsTimed">Rows timed by the autograd method.</param>
/// <param name="AutogradSecondsPerRow">Mean time per row (after one warm-up row).</param>
/// <param name="AutogradExtrapolatedSeconds">AutogradSecondsPerRow × P.</param>
/// <param name="SpeedupOverAutograd">AutogradExtrapolatedSeconds / ExactSeconds.</param>
/// <param name="MaxRowDifference">max |autograd row − exact row| / max |H| over the timed rows.</param>
/// <param name="EngineWorkingBytes">The engine's accounted working memory (beyond the Hessian).</param>
/// <param name="HessianBytes">Bytes of the P × P result.</param>
/// <param name="ChunkSize">Samples per streamed chunk.</param>
/// <param name="PeakRssBytes">Process peak resident set (VmHWM), all phases included; 0 when unavailable.</param>
public sealed record HessianBenchmarkResult(
    IReadOnlyList<int> Widths, int Samples, long Parameters, string Activation, string Loss, string DType, int Threads,
    double LoadAverage, double ExactSeconds, IReadOnlyList<double> ExactRunSeconds, double ExactFlops, double NominalFlops,
    double AchievedGflops, int GemmSize, double GemmGflops, double FractionOfGemmRate, double NominalFloorSeconds, int AutogradRowsTimed,
    double AutogradSecondsPerRow, double AutogradExtrapolatedSeconds, double SpeedupOverAutograd, double MaxRowDifference,
    long EngineWorkingBytes, long HessianBytes, int ChunkSize, long PeakRssBytes);
