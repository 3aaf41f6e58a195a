using System.Numerics;

namespace HessianLab.Theory;

/// <summary>The generalized Marchenko–Pastur law: the limiting spectral distribution of A = (1/n) X Λ Xᵀ,
/// X ∈ R^{d×n} with i.i.d. N(0, 1) entries, Λ = diag(τ_1 … τ_n) independent of X with empirical
/// distribution → H, as d, n → ∞ with d/n → γ.</summary>
/// <remarks>
/// Its Stieltjes transform m(z) = ∫ μ(dx)/(x − z) is, for Im z &gt; 0, the unique solution with Im m &gt; 0 of the
/// Silverstein (Marchenko–Pastur) equation, written here in its explicit inverse form
/// <code>
///   z = −1/m + ∫ τ dH(τ) / (1 + γ τ m).
/// </code>
/// (Derivation: A = γ B with B = (1/d) X Λ Xᵀ, to which Silverstein–Bai 1995 applies with ratio n/d = 1/γ;
/// m_A(z) = m_B(z/γ)/γ.) For H = δ₁ it reduces to Marchenko–Pastur: γ z m² + (z + γ − 1) m + 1 = 0.
/// Moments (closed form, from E tr(A^k)/d by Wick's theorem; the finite-size value is
/// E[tr A²/d | Λ] = (d + 1)/n² Σ τ_i² + (Σ τ_i / n)², see <see cref="FiniteSecondMoment"/>):
/// <code>
///   ∫ x μ(dx) = E[τ],     ∫ x² μ(dx) = γ E[τ²] + E[τ]²    (1 + γ for Λ = I).
/// </code>
/// Zero eigenvalues: rank A ≤ #{i : τ_i &gt; 0}, so μ has the atom (1 − (1 − H({0}))/γ)₊ at 0.
/// The density is Im m(x + iη)/π at a small η (the Poisson-smoothed density, η relative to the spectrum's
/// scale), with the atom's own Poisson kernel w₀ η/(π(x² + η²)) removed. m is found by Newton's method on the
/// inverse form, continued from a large η (where the fixed-point iteration m ← 1/(−z + ∫τ dH/(1 + γτm)) is a
/// contraction) down to the target η, which keeps the iterate on the branch with Im m &gt; 0 near the real axis.
/// References: V. A. Marchenko, L. A. Pastur (1967); J. W. Silverstein, Z. D. Bai, "On the empirical
/// distribution of eigenvalues of a class of large dimensional random matrices", J. Multivariate Anal. 54
/// (1995); J. W. Silverstein, S.-I. Choi, "Analysis of the limiting spectral distribution of large dimensional
/// random matrices", J. Multivariate Anal. 54 (1995).
/// </remarks>
public sealed partial class GeneralizedMarchenkoPastur
{
    /// <summary>Creates the law for Λ's distribution H and ratio γ = d/n.</summary>
    /// <param name="lambda">H, the distribution of Λ's diagonal entries.</param>
    /// <param name="ratio">γ = d/n &gt; 0.</param>
    /// <param name="relativeEta">η of the density as a fraction of the spectrum's upper bound (default 1e-7).</param>
    /// <exception cref="ArgumentException">γ not positive, η not in (0, 0.1], or Λ ≡ 0.</exception>
    public GeneralizedMarchenkoPastur(DiagonalDistribution lambda, double ratio, double relativeEta = 1e-7)
    {
        if (!(ratio > 0) || double.IsInfinity(ratio)) throw new ArgumentException($"ratio d/n must be a positive number, got {ratio}", nameof(ratio));
        if (!(relativeEta > 0 && relativeEta <= 0.1)) throw new ArgumentException($"relative η must be in (0, 0.1], got {relativeEta}", nameof(relativeEta));
        if (!(lambda.Max > 0)) throw new ArgumentException("Λ is identically 0: A = 0 has no spectrum to solve for", nameof(lambda));
        Lambda = lambda;
        Ratio = ratio;
        RelativeEta = relativeEta;
    }

    /// <summary>H, the distribution of Λ's diagonal.</summary>
    public DiagonalDistribution Lambda { get; }

    /// <summary>γ = d/n.</summary>
    public double Ratio { get; }

    /// <summary>η / <see cref="UpperBound"/> used for densities.</summary>
    public double RelativeEta { get; }

    /// <summary>An upper bound of the support: max τ · (1 + √γ)² (‖A‖ ≤ max τ · ‖X Xᵀ/n‖).</summary>
    public double UpperBound => Lambda.Max * Math.Pow(1 + Math.Sqrt(Ratio), 2);

    /// <summary>Weight of the point mass at 0: (1 − (1 − H({0}))/γ)₊.</summary>
    public double AtomAtZero => Math.Max(0, 1 - (1 - Lambda.ZeroMass) / Ratio);

    /// <summary>First moment E[τ].</summary>
    public double Mean => Lambda.Mean;

    /// <summary>Second moment γ E[τ²] + E[τ]².</summary>
    public double SecondMoment => Ratio * Lambda.SecondMoment + Lambda.Mean * Lambda.Mean;

    /// <summary>Exact finite-size E[tr(A²)/d | Λ] = (d + 1)/n² Σ τ_i² + (Σ τ_i / n)² for X ∈ R^{d×n} Gaussian,
    /// independent of the given diagonal τ (Wick: E[X_ji X_ki X_jl X_kl] summed over j, k, i, l).</summary>
    public static double FiniteSecondMoment(ReadOnlySpan<double> tau, int d)
    {
        double s1 = 0, s2 = 0;
        foreach (double t in tau) { s1 += t; s2 += t * t; }
        double n = tau.Length;
        return (d + 1) / (n * n) * s2 + (s1 / n) * (s1 / n);
    }

    /// <summary>Density of the continuous part at x (atom removed), Im m(x + iη)/π − w₀ η/(π(x² + η²)), clipped at 0.</summary>
    public double Density(double x) => DensityFrom(x, Stieltjes(new Complex(x, Eta)));

    /// <summary>η = <see cref="RelativeEta"/> · <see cref="UpperBound"/>.</summary>
    public double Eta => RelativeEta * UpperBound;

    private double DensityFrom(double x, Complex m)
    {
        double eta = Eta;
        double atomKernel = AtomAtZero * eta / (x * x + eta * eta);
        return Math.Max(0, (m.Imaginary - atomKernel) / Math.PI);
    }

    /// <summary>Densities on an increasing grid. Fast path: Newton warm-started from the previous grid point; every
    /// <c>VerifyEvery</c>-th point (and the last) is recomputed by the full η-continuation of <see cref="Stieltjes"/>, and
    /// a segment whose end disagrees (relative 1e-6) is recomputed point by point with the η-continuation.</summary>
    public double[] Densities(IReadOnlyList<double> xs)
    {
        const int VerifyEvery = 16;
        var m = new Complex[xs.Count];
        int segmentStart = 0;
        m[0] = Stieltjes(new Complex(xs[0], Eta));
        for (int i = 1; i < xs.Count; i++)
        {
            var guess = m[i - 1];
            bool ok = TryStieltjesFrom(new Complex(xs[i], Eta), ref guess);
            m[i] = guess;
            bool checkpoint = i % VerifyEvery == 0 || i == xs.Count - 1;
            if (!ok || checkpoint)
            {
                var exact = Stieltjes(new Complex(xs[i], Eta));
                if (!ok || Complex.Abs(exact - m[i]) > 1e-6 * Complex.Abs(exact))
                    for (int j = segmentStart + 1; j < i; j++) m[j] = Stieltjes(new Complex(xs[j], Eta));
                m[i] = exact;
                segmentStart = i;
            }
        }
        var result = new double[xs.Count];
        for (int i = 0; i < xs.Count; i++) result[i] = DensityFrom(xs[i], m[i]);
        return result;
    }

    /// <summary>The density on a grid over the support: a coarse pass over [0, <see cref="UpperBound"/>] finds
    /// where the density lives, then <paramref name="points"/> equally spaced points cover it.</summary>
    public SpectralDensity ToSpectralDensity(int points = 2000)
    {
        if (points < 16) throw new ArgumentException($"need at least 16 grid points, got {points}", nameof(points));
        double top = UpperBound * 1.01;
        int coarse = 800;
        var cx = Enumerable.Range(0, coarse).Select(i => top * i / (coarse - 1)).ToArray();
        var cy = Densities(cx);
        double peak = cy.Max();
        int first = Array.FindIndex(cy, v => v > 1e-9 * peak), last = Array.FindLastIndex(cy, v => v > 1e-9 * peak);
        double lo = cx[Math.Max(0, first - 1)], hi = cx[Math.Min(coarse - 1, last + 1)];
        var xs = Enumerable.Range(0, points).Select(i => lo + (hi - lo) * i / (points - 1)).ToArray();
        return new SpectralDensity(xs, Densities(xs), AtomAtZero);
    }
}
