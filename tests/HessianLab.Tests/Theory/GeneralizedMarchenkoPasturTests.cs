using System.Numerics;
using HessianLab.Theory;

namespace HessianLab.Tests.Theory;

public sealed class GeneralizedMarchenkoPasturTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(6.0)]
    public void Given_Lambda_identity_the_Silverstein_solution_is_the_Marchenko_Pastur_Stieltjes_transform(double gamma)
    {
        var mp = new MarchenkoPastur(gamma);
        var gmp = new GeneralizedMarchenkoPastur(DiagonalDistribution.PointMass(1.0), gamma);

        foreach (double x in new[] { -0.5, 0.0, 0.3, 1.0, 2.5, 5.0, 9.0, 14.0 })
            foreach (double eta in new[] { 1e-6, 1e-3, 0.5 })
            {
                var z = new Complex(x, eta);
                var expected = mp.Stieltjes(z);
                var actual = gmp.Stieltjes(z);
                Assert.True(Complex.Abs(actual - expected) <= 1e-8 * Complex.Abs(expected), $"z = {z}: expected {expected}, got {actual}");
            }
    }

    [Theory]
    [InlineData(0.5, 2.0)]
    [InlineData(6.0, 1.0)]
    public void Given_Lambda_c_times_identity_the_density_is_Marchenko_Pastur_with_variance_c(double gamma, double c)
    {
        var mp = new MarchenkoPastur(gamma, c);
        var gmp = new GeneralizedMarchenkoPastur(DiagonalDistribution.PointMass(c), gamma);

        Assert.Equal(mp.AtomAtZero, gmp.AtomAtZero, 14);
        for (int i = 1; i < 20; i++)
        {
            double x = mp.LowerEdge + (mp.UpperEdge - mp.LowerEdge) * i / 20;
            Assert.Equal(mp.Density(x), gmp.Density(x), 1e-5 * mp.Density(x) + 1e-9);
        }
    }

    public static TheoryData<double[], double[], double> TwoPointCases => new()
    {
        { new[] { 1.0, 4.0 }, new[] { 0.3, 0.7 }, 0.2 },   // split support: two bumps
        { new[] { 1.0, 4.0 }, new[] { 0.5, 0.5 }, 1.5 },   // atom 1 − 1/1.5 at 0
        { new[] { 0.0, 2.0 }, new[] { 0.5, 0.5 }, 2.0 },   // H({0}) = ½: atom 1 − ½/2 = ¾
        { new[] { 0.5, 1.0, 3.0 }, new[] { 0.2, 0.5, 0.3 }, 0.5 },
    };

    [Theory]
    [MemberData(nameof(TwoPointCases))]
    public void Given_a_discrete_Lambda_the_solved_density_has_mass_one_and_the_closed_form_moments(double[] atoms, double[] weights, double gamma)
    {
        var h = new DiagonalDistribution(atoms, weights);
        var gmp = new GeneralizedMarchenkoPastur(h, gamma);

        var table = gmp.ToSpectralDensity(3000);

        double m1 = h.Mean, m2 = gamma * h.SecondMoment + h.Mean * h.Mean;
        Assert.Equal(m1, gmp.Mean, 14);
        Assert.Equal(m2, gmp.SecondMoment, 14);
        Assert.Equal(1.0, table.TotalMass, 2e-4);
        Assert.Equal(m1, table.Moment(1), 2e-4 * m1);
        Assert.Equal(m2, table.Moment(2), 5e-4 * m2);
        Assert.Equal(Math.Max(0, 1 - (1 - h.ZeroMass) / gamma), table.AtomAtZero, 14);
    }

    [Fact]
    public void Given_well_separated_atoms_and_a_large_ratio_the_nonzero_spectrum_splits_into_two_bumps()
    {
        // Λ weighs the n samples, so for d ≫ n the n nonzero eigenvalues are those of (1/n) Λ^{1/2} XᵀX Λ^{1/2} ≈ γΛ:
        // bumps near γτ (the bumps interact), roughly [18, 24] and [52, 112] here. (For d ≪ n, A → E[τ] I instead.)
        var gmp = new GeneralizedMarchenkoPastur(new DiagonalDistribution(new[] { 1.0, 4.0 }, new[] { 0.3, 0.7 }), 20.0);

        var table = gmp.ToSpectralDensity(3000);

        Assert.Equal(0.95, gmp.AtomAtZero, 14);
        Assert.Equal(0.0, gmp.Density(40.0), 1e-9);
        Assert.True(gmp.Density(20.0) > 1e-4 && gmp.Density(80.0) > 1e-4);
        Assert.Equal(0.95 + 0.3 * 0.05, table.Cdf(40.0), 2e-4);
    }

    [Fact]
    public void Given_a_small_ratio_the_spectrum_concentrates_around_the_mean_of_Lambda()
    {
        var gmp = new GeneralizedMarchenkoPastur(new DiagonalDistribution(new[] { 1.0, 4.0 }, new[] { 0.3, 0.7 }), 0.01);

        var table = gmp.ToSpectralDensity(2000);

        Assert.Equal(0.0, table.Cdf(3.1 * 0.7), 1e-6);
        Assert.Equal(1.0, table.Cdf(3.1 * 1.3), 2e-4);
    }

    [Fact]
    public void Given_a_sample_the_compressed_distribution_keeps_the_mean_exactly_and_the_second_moment_nearly()
    {
        var rng = new Random(5);
        var sample = Enumerable.Range(0, 10007).Select(_ => -Math.Log(1 - rng.NextDouble())).ToArray();

        var h = DiagonalDistribution.FromSample(sample, 256);

        Assert.Equal(256, h.Atoms.Count);
        Assert.Equal(sample.Average(), h.Mean, 1e-12);
        Assert.Equal(sample.Average(v => v * v), h.SecondMoment, 0.01 * h.SecondMoment);
        Assert.Equal(1.0, h.Weights.Sum(), 12);
    }

    [Fact]
    public void Given_a_Lambda_that_is_identically_zero_the_law_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new GeneralizedMarchenkoPastur(DiagonalDistribution.PointMass(0.0), 1.0));
        Assert.Contains("identically 0", e.Message);
        Assert.Throws<ArgumentException>(() => new DiagonalDistribution(new[] { -1.0 }, new[] { 1.0 }));
    }

    [Fact]
    public void Given_two_laws_of_Lambda_the_mixture_has_mass_one_and_the_average_of_their_moments_and_atoms()
    {
        var h1 = DiagonalDistribution.PointMass(1.0);
        var h2 = new DiagonalDistribution(new[] { 0.0, 4.0 }, new[] { 0.5, 0.5 });
        double gamma = 1.5;

        var mix = GeneralizedMarchenkoPastur.Mixture(new[] { h1, h2 }, gamma, 3000);

        var l1 = new GeneralizedMarchenkoPastur(h1, gamma);
        var l2 = new GeneralizedMarchenkoPastur(h2, gamma);
        Assert.Equal((l1.AtomAtZero + l2.AtomAtZero) / 2, mix.AtomAtZero, 14);
        Assert.Equal(1.0, mix.TotalMass, 3e-4);
        Assert.Equal((l1.Mean + l2.Mean) / 2, mix.Moment(1), 1e-3);
        Assert.Equal((l1.SecondMoment + l2.SecondMoment) / 2, mix.Moment(2), 2e-3 * mix.Moment(2));
    }
}
