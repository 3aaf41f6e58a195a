using System.Numerics;

namespace HessianLab.Theory;

/// <summary>The Marchenko–Pastur law: the limiting spectral distribution of A = (σ²/n) X Xᵀ, X ∈ R^{d×n}
/// with i.i.d. N(0, 1) entries, as d, n → ∞ with d/n → γ (<see cref="Ratio"/>).</summary>
/// <remarks>
/// With a = σ²(1 − √γ)² and b = σ²(1 + √γ)² the law is
/// <code>
///   μ(dx) = (1 − 1/γ)₊ δ₀(dx) + √((b − x)(x − a)) / (2π σ² γ x) · 1[a ≤ x ≤ b] dx,
/// </code>
/// so for γ &gt; 1 (more dimensions than samples) a point mass 1 − 1/γ sits at 0 and the continuous part has
/// mass 1/γ. Moments: mean σ², second moment σ⁴(1 + γ). Stieltjes transform m(z) = ∫ μ(dx)/(x − z) solves
/// γσ² z m² + (z + σ²(γ − 1)) m + 1 = 0 (the root with Im m &gt; 0 for Im z &gt; 0).
/// Reference: V. A. Marchenko, L. A. Pastur, "Distribution of eigenvalues for some sets of random matrices",
/// Math. USSR-Sbornik 1 (1967); Z. Bai, J. W. Silverstein, "Spectral Analysis of Large Dimensional Random
/// Matrices" (2nd ed., Springer 2010), §3.1, eq. (3.1.1).
/// </remarks>
public sealed class MarchenkoPastur
{
    /// <summary>Creates the law for ratio γ = d/n &gt; 0 and scale σ² &gt; 0.</summary>
    /// <exception cref="ArgumentException">γ or σ² not finite and positive.</exception>
    public MarchenkoPastur(double ratio, double variance = 1.0)
    {
        if (!(ratio > 0) || double.IsInfinity(ratio)) throw new ArgumentException($"ratio d/n must be a positive number, got {ratio}", nameof(ratio));
        if (!(variance > 0) || double.IsInfinity(variance)) throw new ArgumentException($"variance σ² must be a positive number, got {variance}", nameof(variance));
        Ratio = ratio;
        Variance = variance;
    }

    /// <summary>γ = d/n.</summary>
    public double Ratio { get; }

    /// <summary>σ², the entry variance scale.</summary>
    public double Variance { get; }

    /// <summary>Lower edge a = σ²(1 − √γ)² of the continuous part.</summary>
    public double LowerEdge => Variance * Math.Pow(1 - Math.Sqrt(Ratio), 2);

    /// <summary>Upper edge b = σ²(1 + √γ)².</summary>
    public double UpperEdge => Variance * Math.Pow(1 + Math.Sqrt(Ratio), 2);

    /// <summary>Weight of the point mass at 0: max(0, 1 − 1/γ).</summary>
    public double AtomAtZero => Math.Max(0, 1 - 1 / Ratio);

    /// <summary>First moment ∫ x μ(dx) = σ².</summary>
    public double Mean => Variance;

    /// <summary>Second moment ∫ x² μ(dx) = σ⁴(1 + γ).</summary>
    public double SecondMoment => Variance * Variance * (1 + Ratio);

    /// <summary>Density of the continuous part at x (0 outside [a, b]; the atom is not included).</summary>
    public double Density(double x)
    {
        double a = LowerEdge, b = UpperEdge;
        if (x <= a || x >= b || x <= 0) return 0;
        return Math.Sqrt((b - x) * (x - a)) / (2 * Math.PI * Variance * Ratio * x);
    }

    /// <summary>Stieltjes transform m(z) = ∫ μ(dx)/(x − z) for Im z &gt; 0 (closed form, root with Im m &gt; 0).</summary>
    public Complex Stieltjes(Complex z)
    {
        double s = Variance, g = Ratio;
        Complex qa = g * s * z, qb = z + s * (g - 1);
        Complex disc = Complex.Sqrt(qb * qb - 4 * qa);
        Complex r1 = (-qb + disc) / (2 * qa), r2 = (-qb - disc) / (2 * qa);
        return r1.Imaginary >= r2.Imaginary ? r1 : r2;
    }

    /// <summary>∫ x^k of the continuous part by the substitution x = a + (b − a)(1 − cos θ)/2, which removes the
    /// square-root edges (and the 1/√x singularity at γ = 1), then composite Simpson in θ.</summary>
    /// <param name="k">Power (0 gives the continuous mass min(1, 1/γ)).</param>
    /// <param name="upTo">Upper integration limit (clipped to [a, b]); default b.</param>
    /// <param name="panels">Even number of Simpson panels.</param>
    public double ContinuousMoment(int k, double upTo = double.PositiveInfinity, int panels = 2000)
    {
        double a = LowerEdge, b = UpperEdge;
        double top = Math.Min(upTo, b);
        if (top <= a) return 0;
        // θ(x) = arccos(1 − 2(x − a)/(b − a)); integrand ρ(x) x^k dx/dθ with dx/dθ = (b − a) sin θ / 2.
        double thetaTop = Math.Acos(Math.Clamp(1 - 2 * (top - a) / (b - a), -1, 1));
        double h = thetaTop / panels, sum = 0;
        for (int i = 0; i <= panels; i++)
        {
            double th = i * h;
            double x = a + (b - a) * (1 - Math.Cos(th)) / 2;
            double sinT = Math.Sin(th);
            // √((b−x)(x−a)) = (b − a) sin θ / 2, so ρ(x) dx/dθ = (b − a)² sin² θ / (8π σ² γ x).
            // At x = 0 (only when a = 0, γ = 1): sin² θ / x = 2(1 + cos θ)/b, a finite limit.
            double f = x <= 0 ? (b - a) * (1 + Math.Cos(th)) / (4 * Math.PI * Variance * Ratio) * (k == 0 ? 1 : 0)
                              : (b - a) * (b - a) * sinT * sinT / (8 * Math.PI * Variance * Ratio * x) * Math.Pow(x, k);
            sum += f * (i == 0 || i == panels ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return sum * h / 3;
    }

    /// <summary>Cumulative distribution F(x) = μ((−∞, x]), the atom at 0 included for x ≥ 0.</summary>
    public double Cdf(double x) => x < 0 ? 0 : AtomAtZero + ContinuousMoment(0, x);

    /// <summary>The law tabulated on <paramref name="points"/> Chebyshev-spaced points of [a, b]
    /// (x = a + (b − a)(1 − cos θ)/2, dense at the square-root edges) with the atom at 0.</summary>
    public SpectralDensity ToSpectralDensity(int points = 2000)
    {
        if (points < 16) throw new ArgumentException($"need at least 16 grid points, got {points}", nameof(points));
        double a = LowerEdge, b = UpperEdge;
        var xs = new double[points];
        var ys = new double[points];
        for (int i = 0; i < points; i++)
        {
            xs[i] = a + (b - a) * (1 - Math.Cos(Math.PI * i / (points - 1))) / 2;
            ys[i] = Density(xs[i]);
        }
        return new SpectralDensity(xs, ys, AtomAtZero);
    }
}
