using HessianLab.Spectra;
using HessianLab.Tests.TestSupport;
using HessianLab.Theory;

namespace HessianLab.Tests.Spectra;

[Collection(TorchCollection.Name)]
public sealed class RandomMatrixSamplerTests
{
    // Stated tolerance: the Kolmogorov distance between the pooled eigenvalues and the limiting law is below 0.02
    // (finite-size edge effects at these sizes are ≈ 0.003–0.01).
    private const double KolmogorovTolerance = 0.02;

    [Theory]
    [InlineData(300, 50, 40)]   // the talk's γ = 6: atom 5/6 at 0
    [InlineData(200, 400, 20)]  // γ = ½
    public void Given_Lambda_identity_the_eigenvalues_follow_Marchenko_Pastur(int d, int n, int draws)
    {
        var sample = RandomMatrixSampler.Sample(new RandomMatrixOptions(d, n, draws, Seed: 11), new IdentityLambda());
        var mp = new MarchenkoPastur((double)d / n);

        double ks = mp.ToSpectralDensity(4000).KolmogorovDistance(sample.Eigenvalues, zeroTolerance: 1e-9);

        Assert.True(ks < KolmogorovTolerance, $"Kolmogorov distance {ks:F4} ≥ {KolmogorovTolerance}");
        Assert.Equal(mp.AtomAtZero, sample.ZeroFraction(), 1e-12);
        Assert.Equal(draws * d, sample.Eigenvalues.Length);
    }

    [Fact]
    public void Given_Lambda_identity_the_mean_moments_match_the_exact_finite_size_values()
    {
        int d = 60, n = 30, draws = 400;
        var sample = RandomMatrixSampler.Sample(new RandomMatrixOptions(d, n, draws, Seed: 3), new IdentityLambda());

        var (m1, e1) = SpectrumSample.MeanAndError(sample.FirstMoments);
        var (m2, e2) = SpectrumSample.MeanAndError(sample.SecondMoments);

        // E tr(A)/d = 1, E tr(A²)/d = (d + 1)/n + 1 (Wick; limit 1 + γ).
        Assert.True(Math.Abs(m1 - 1) < 4 * e1, $"m1 {m1} ± {e1}");
        Assert.True(Math.Abs(m2 - ((d + 1.0) / n + 1)) < 4 * e2, $"m2 {m2} ± {e2} vs {(d + 1.0) / n + 1}");
        Assert.All(sample.IndependentSecondMoments, v => Assert.Equal((d + 1.0) / n + 1, v, 12));
    }

    [Fact]
    public void Given_an_independent_two_point_Lambda_the_eigenvalues_follow_the_Silverstein_density()
    {
        var h = new DiagonalDistribution(new[] { 1.0, 4.0 }, new[] { 0.5, 0.5 });
        int d = 150, n = 300, draws = 30;
        var sample = RandomMatrixSampler.Sample(new RandomMatrixOptions(d, n, draws, Seed: 5), new IndependentLambda(h));
        var law = new GeneralizedMarchenkoPastur(h, (double)d / n).ToSpectralDensity(2000);

        double ks = law.KolmogorovDistance(sample.Eigenvalues, zeroTolerance: 1e-9);

        Assert.True(ks < KolmogorovTolerance, $"Kolmogorov distance {ks:F4} ≥ {KolmogorovTolerance}");
        Assert.Equal(h.Mean, sample.LambdaValues.Average(), 4 * 1.5 / Math.Sqrt(n * draws)); // 4 standard errors (sd of Λ is 1.5)
    }

    [Fact]
    public void Given_an_independent_Lambda_the_second_moment_matches_its_Wick_expectation_given_Lambda()
    {
        var h = new DiagonalDistribution(new[] { 0.2, 1.0, 3.0 }, new[] { 0.3, 0.5, 0.2 });
        var sample = RandomMatrixSampler.Sample(new RandomMatrixOptions(40, 20, 600, Seed: 8), new IndependentLambda(h));

        var diff = sample.SecondMoments.Zip(sample.IndependentSecondMoments, (a, b) => a - b).ToArray();
        var (mean, err) = SpectrumSample.MeanAndError(diff);
        var (d1, e1) = SpectrumSample.MeanAndError(sample.FirstMoments.Zip(sample.IndependentFirstMoments, (a, b) => a - b).ToArray());

        Assert.True(Math.Abs(mean) < 4 * err, $"E[m2 − E(m2|Λ)] = {mean} ± {err}");
        Assert.True(Math.Abs(d1) < 4 * e1, $"E[m1 − E(m1|Λ)] = {d1} ± {e1}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Given_a_non_positive_size_the_sampler_refuses_naming_the_parameter(int bad)
    {
        var e = Assert.Throws<ArgumentException>(() => RandomMatrixSampler.Sample(new RandomMatrixOptions(10, bad, 3), new IdentityLambda()));
        Assert.Equal("Samples", e.ParamName);
    }
}
