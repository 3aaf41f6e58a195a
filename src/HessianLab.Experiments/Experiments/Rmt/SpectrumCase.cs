using HessianLab.Plots;
using HessianLab.Spectra;
using HessianLab.Theory;

namespace HessianLab.Experiments.Rmt;

/// <summary>One sampled case of E7: the eigenvalue sample, its limiting law and its moment-table row.</summary>
/// <param name="Sample">Eigenvalues and per-draw moments.</param>
/// <param name="Law">The limiting law tabulated (curve and atom).</param>
/// <param name="Row">The moment-table row.</param>
/// <param name="LawDraws">How many leading draws the law describes (histogram and Kolmogorov distance use only those);
/// 0 = all draws.</param>
public sealed record SpectrumCase(SpectrumSample Sample, SpectralDensity Law, MomentRow Row, int LawDraws = 0)
{
    /// <summary>The eigenvalues the law is compared with: all, or those of the first <see cref="LawDraws"/> draws.</summary>
    public IReadOnlyList<double> ComparedEigenvalues => LawDraws <= 0 ? Sample.Eigenvalues
        : new ArraySegment<double>(Sample.Eigenvalues, 0, LawDraws * Sample.Options.Dim);

    /// <summary>Eigenvalues with |λ| ≤ this count as exact zeros: 1e-9 · max|λ| (eigvalsh returns ≈ ±1e-14 · max).</summary>
    public double ZeroTolerance => 1e-9 * Sample.Eigenvalues.Max(Math.Abs);

    /// <summary>Builds the row: empirical moments against the law's (limit) and the exact finite-size value given Λ.</summary>
    /// <param name="part">a, b or c.</param>
    /// <param name="sample">The draws.</param>
    /// <param name="law">The limiting law (for the Kolmogorov distance).</param>
    /// <param name="m1Theory">E[τ].</param>
    /// <param name="m2Limit">γ E[τ²] + E[τ]².</param>
    /// <param name="independentCopy">(c): draws with an independent copy of Λ, or null.</param>
    /// <param name="lawDraws">The law describes only the first this many draws (0 = all).</param>
    public static SpectrumCase Build(string part, SpectrumSample sample, SpectralDensity law, double m1Theory, double m2Limit,
        SpectrumSample? independentCopy = null, int lawDraws = 0)
    {
        var (m1, _) = SpectrumSample.MeanAndError(sample.FirstMoments);
        var (m1Finite, _) = SpectrumSample.MeanAndError(sample.IndependentFirstMoments);
        var (m2, m2Se) = SpectrumSample.MeanAndError(sample.SecondMoments);
        var (m2Finite, _) = SpectrumSample.MeanAndError(sample.IndependentSecondMoments);
        var (gap, gapSe) = SpectrumSample.MeanAndError(sample.SecondMoments.Zip(sample.IndependentSecondMoments, (a, b) => a - b).ToArray());
        double copy = independentCopy is null ? double.NaN : independentCopy.SecondMoments.Average();
        double tol = 1e-9 * sample.Eigenvalues.Max(Math.Abs);
        var compared = lawDraws <= 0 ? sample.Eigenvalues : new ArraySegment<double>(sample.Eigenvalues, 0, lawDraws * sample.Options.Dim);
        double ks = law.KolmogorovDistance(compared, tol);
        var o = sample.Options;
        var row = new MomentRow(part, sample.Source, o.Samples, o.Dim, o.Draws, m1, m1Theory, m1Finite, m2, m2Se, m2Limit, m2Finite, gap, gapSe, copy, ks);
        return new SpectrumCase(sample, law, row, lawDraws);
    }

    /// <summary>Λ = I: Marchenko–Pastur with ratio d/n.</summary>
    public static SpectrumCase MarchenkoPastur(RandomMatrixOptions options, Action<int, int>? progress = null)
    {
        var sample = RandomMatrixSampler.Sample(options, new IdentityLambda(), progress);
        var mp = new MarchenkoPastur(options.Ratio);
        return Build("a", sample, mp.ToSpectralDensity(3000), mp.Mean, mp.SecondMoment);
    }

    /// <summary>Λ i.i.d. from a discrete H, independent of X: generalized Marchenko–Pastur.</summary>
    public static SpectrumCase Independent(RandomMatrixOptions options, DiagonalDistribution h, Action<int, int>? progress = null)
    {
        var sample = RandomMatrixSampler.Sample(options, new IndependentLambda(h), progress);
        var law = new GeneralizedMarchenkoPastur(h, options.Ratio);
        return Build("b", sample, law.ToSpectralDensity(2500), law.Mean, law.SecondMoment);
    }

    /// <summary>Λ from the softmax of the same X, and an independent copy: Λ' computed from a fresh X' (other seed), used
    /// with X. Λ's law depends on the network weights drawn with it (for the 1-hidden-layer nets, whose m and C stay fixed,
    /// it does not become deterministic as d grows), so each draw is compared with the generalized MP law of its own Λ's
    /// empirical law (n entries compressed to 64 atoms) — the spectrum it would have with an independent copy of Λ given
    /// the weights — averaged over the first <paramref name="lawDraws"/> draws, whose eigenvalues form the histogram and
    /// the Kolmogorov distance. The second-moment limit is the average of γ E_k[τ²] + E_k[τ]² over all draws k.</summary>
    public static (SpectrumCase Dependent, SpectrumCase IndependentCopy) Dependent(RandomMatrixOptions options, SoftmaxLambda source,
        int lawDraws = 12, Action<int, int>? progress = null)
    {
        source.Validated();
        var dependent = RandomMatrixSampler.Sample(options, source, progress);
        var copy = RandomMatrixSampler.Sample(options with { Seed = options.Seed + 1_000_003 }, new IndependentCopyLambda(source));
        int k = Math.Clamp(lawDraws, 1, options.Draws);
        return (WithOwnLaws("c", dependent, k, copy), WithOwnLaws("c-copy", copy, k, null));
    }

    private static SpectrumCase WithOwnLaws(string part, SpectrumSample sample, int lawDraws, SpectrumSample? copy)
    {
        var o = sample.Options;
        int n = o.Samples;
        var perDraw = Enumerable.Range(0, o.Draws).Select(k => new ArraySegment<double>(sample.LambdaValues, k * n, n)).ToArray();
        var law = GeneralizedMarchenkoPastur.Mixture(perDraw.Take(lawDraws).Select(t => DiagonalDistribution.FromSample(t, 64)).ToArray(), o.Ratio, 1000);
        double limit = perDraw.Average(t => o.Ratio * t.Average(v => v * v) + Math.Pow(t.Average(), 2));
        return Build(part, sample, law, sample.LambdaValues.Average(), limit, copy, lawDraws);
    }

    /// <summary>Saves the histogram against the law.</summary>
    public void SaveHistogram(string path, string title, string curveLabel, int bins, SpectralDensity? extra = null, string? extraLabel = null) =>
        SpectrumPlot.SaveHistogram(path, ComparedEigenvalues, Law, title, curveLabel, ZeroTolerance, bins, extra, extraLabel);
}
