using HessianLab.Curvature;

namespace HessianLab.Spectra;

/// <summary>PyHessian-style spectral summaries of any symmetric operator — top eigenvalues, trace, spectral
/// density — with sensible defaults, built on <see cref="Lanczos"/>, <see cref="Hutchinson"/> and
/// <see cref="StochasticLanczosQuadrature"/>.</summary>
/// <remarks>
/// Defaults follow PyHessian (Yao et al. 2020): top-1 eigenvalue, 100 Hutchinson probes for the trace, one SLQ probe of
/// 100 Lanczos steps for the density, Gaussians of variance σ² = 10⁻⁵·max(1, λ_max − λ_min). Where PyHessian uses power
/// iteration for the top eigenvalues, this uses Lanczos with full re-orthogonalization (max(4k, 50) steps, capped at P),
/// which converges faster and gives k at once. Every call draws its random vectors from <see cref="Seed"/>, so results
/// repeat. Each step costs one <see cref="ILinearOperator.Apply"/>.
/// </remarks>
/// <param name="op">The operator (e.g. <see cref="ModuleCurvatureOperator"/>, <c>ExactHessianOperator</c>).</param>
/// <param name="seed">Seed of the random start and probe vectors.</param>
public sealed class OperatorSpectrum(ILinearOperator op, long seed = 0)
{
    /// <summary>The operator.</summary>
    public ILinearOperator Operator { get; } = op ?? throw new ArgumentNullException(nameof(op));

    /// <summary>The seed.</summary>
    public long Seed { get; } = seed;

    /// <summary>The <paramref name="k"/> algebraically largest eigenvalues, descending.</summary>
    /// <param name="k">How many (default 1).</param>
    /// <param name="steps">Lanczos steps; default max(4k, 50), capped at P.</param>
    /// <exception cref="ArgumentException"><paramref name="k"/> below 1 or above P.</exception>
    public double[] TopEigenvalues(int k = 1, int? steps = null)
    {
        if (k < 1 || k > Operator.Dimension)
            throw new ArgumentException($"k must be in 1…{Operator.Dimension} (the dimension), got {k}", nameof(k));
        int s = (int)Math.Min(steps ?? Math.Max(4 * k, 50), Operator.Dimension);
        var (values, vectors) = Lanczos.TopEigenpairs(Operator, k, s, byMagnitude: false, seed: Seed);
        vectors.Dispose();
        return values;
    }

    /// <summary>Hutchinson's estimate of tr(A) and its standard error.</summary>
    /// <param name="probes">Rademacher probes (default 100, at least 2).</param>
    public (double Trace, double StdError) Trace(int probes = 100) => Hutchinson.Trace(Operator, probes, Seed);

    /// <summary>The spectral density by stochastic Lanczos quadrature, smoothed by Gaussians.</summary>
    /// <param name="steps">Lanczos steps per probe (default 100, capped at P).</param>
    /// <param name="probes">Random probes (default 1).</param>
    /// <param name="gridPoints">Points of the eigenvalue grid (default 1000), spanning the nodes ± 5σ.</param>
    /// <param name="sigma">Gaussian width; default √(10⁻⁵·max(1, λ_max − λ_min)) over the nodes.</param>
    /// <exception cref="ArgumentException">Steps, probes or grid points below 1 (2 for the grid), or σ ≤ 0.</exception>
    public SlqDensity Density(int steps = 100, int probes = 1, int gridPoints = 1000, double? sigma = null)
    {
        if (steps < 1) throw new ArgumentException($"steps must be ≥ 1, got {steps}", nameof(steps));
        if (gridPoints < 2) throw new ArgumentException($"the grid needs at least 2 points, got {gridPoints}", nameof(gridPoints));
        if (sigma is { } given && !(given > 0)) throw new ArgumentException($"sigma must be positive, got {given}", nameof(sigma));
        int s = (int)Math.Min(steps, Operator.Dimension);
        var (nodes, weights) = StochasticLanczosQuadrature.Quadrature(Operator, s, probes, Seed);
        double lo = nodes.Min(), hi = nodes.Max();
        double width = sigma ?? Math.Sqrt(1e-5 * Math.Max(1.0, hi - lo));
        double a = lo - 5 * width, b = hi + 5 * width;
        var grid = Enumerable.Range(0, gridPoints).Select(i => a + (b - a) * i / (gridPoints - 1)).ToArray();
        var density = StochasticLanczosQuadrature.Density(nodes, weights, probes, grid, width);
        return new SlqDensity(grid, density, nodes, weights, probes, width);
    }
}
