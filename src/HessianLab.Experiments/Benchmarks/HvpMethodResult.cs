namespace HessianLab.Benchmarks;

/// <summary>One way of computing Hessian-vector products, measured by <see cref="HvpBenchmark"/> against the same gradient.</summary>
/// <param name="Method">What builds the gradient graph, e.g. "closed-form softmax head".</param>
/// <param name="GraphSeconds">Median wall time to build the gradient graph (forward + create_graph backward).</param>
/// <param name="HvpSeconds">Median wall time of one product on the retained graph (= one Hessian row).</param>
/// <param name="HvpOverGradient">HvpSeconds / the gradient's wall time.</param>
/// <param name="FirstHvpOverGradient">(GraphSeconds + HvpSeconds) / the gradient's wall time: a product from scratch.</param>
/// <param name="GraphCpuSeconds">Median CPU seconds (all threads) of building the graph.</param>
/// <param name="HvpCpuSeconds">Median CPU seconds (all threads) of one product.</param>
/// <param name="HvpOverGradientCpu">HvpCpuSeconds / the gradient's CPU seconds (fairer than wall time on a loaded machine).</param>
/// <param name="FiniteDifferenceError">‖Hv − (g(θ+εv) − g(θ−εv))/(2ε)‖ / ‖Hv‖.</param>
/// <param name="RelativeToPlain">‖Hv − Hv_plain‖ / ‖Hv_plain‖ against the plain double backward's product; null for the plain method itself.</param>
public sealed record HvpMethodResult(string Method, double GraphSeconds, double HvpSeconds, double HvpOverGradient,
    double FirstHvpOverGradient, double GraphCpuSeconds, double HvpCpuSeconds, double HvpOverGradientCpu,
    double FiniteDifferenceError, double? RelativeToPlain);
