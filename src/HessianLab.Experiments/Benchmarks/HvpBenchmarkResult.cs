namespace HessianLab.Benchmarks;

/// <summary>Numbers measured by <see cref="HvpBenchmark"/> in one process (written as JSON by the CLI).</summary>
/// <param name="Model">What was measured, e.g. "MLP 500,8,500 Relu Ce, N = 5000".</param>
/// <param name="Parameters">P.</param>
/// <param name="Threads">libtorch intra-op threads.</param>
/// <param name="LoadAverage">1-minute load average when the run started.</param>
/// <param name="GradientSeconds">Median time of one gradient: forward + backward on the batch.</param>
/// <param name="GraphSeconds">Median time of forward + backward with create_graph (the gradient graph HVPs reuse).</param>
/// <param name="HvpSeconds">Median time of one Hessian-vector product on the retained graph (one double backward).</param>
/// <param name="HvpOverGradient">HvpSeconds / GradientSeconds (docs/performance.md's target: ≤ 3).</param>
/// <param name="FirstHvpOverGradient">(GraphSeconds + HvpSeconds) / GradientSeconds: a product from scratch.</param>
/// <param name="FiniteDifferenceError">‖Hv − (g(θ+εv) − g(θ−εv))/(2ε)‖ / ‖Hv‖ (central differences, float64).</param>
/// <param name="ExactEngineError">MLP only: ‖Hv − H_exact v‖ / ‖H_exact v‖ with H from the exact engine; null otherwise.</param>
/// <param name="PeakResidentBytes">Peak resident memory of the process at the end (Linux VmHWM), or null where unknown.</param>
/// <param name="GradientCpuSeconds">Median CPU seconds (all threads) of one gradient.</param>
/// <param name="HvpCpuSeconds">Median CPU seconds (all threads) of one HVP on the retained graph.</param>
/// <param name="GraphCpuSeconds">Median CPU seconds (all threads) of building the gradient graph.</param>
/// <param name="ClosedFormHead">GPT and GPT-2: the same products with the head's derivatives in closed form
/// (<c>SoftmaxHeadHessian</c>), timed interleaved with the plain double backward; null for MLPs.</param>
public sealed record HvpBenchmarkResult(string Model, long Parameters, int Threads, double LoadAverage,
    double GradientSeconds, double GraphSeconds, double HvpSeconds, double HvpOverGradient, double FirstHvpOverGradient,
    double FiniteDifferenceError, double? ExactEngineError, long? PeakResidentBytes = null, double? GradientCpuSeconds = null, double? HvpCpuSeconds = null,
    double? GraphCpuSeconds = null, HvpMethodResult? ClosedFormHead = null);
