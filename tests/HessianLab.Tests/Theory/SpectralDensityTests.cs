using HessianLab.Theory;

namespace HessianLab.Tests.Theory;

public sealed class SpectralDensityTests
{
    private static SpectralDensity HalfUniformHalfAtom() =>
        // ½ δ₀ + ½ Uniform[1, 3] (density ¼ on [1, 3]).
        new(new[] { 1.0, 2.0, 3.0 }, new[] { 0.25, 0.25, 0.25 }, 0.5);

    [Fact]
    public void Given_an_atom_and_a_uniform_part_the_CDF_and_moments_are_exact()
    {
        var law = HalfUniformHalfAtom();

        Assert.Equal(0.0, law.Cdf(-1e-12));
        Assert.Equal(0.5, law.Cdf(0));
        Assert.Equal(0.5, law.Cdf(1));
        Assert.Equal(0.75, law.Cdf(2), 15);
        Assert.Equal(0.625, law.Cdf(1.5), 15);
        Assert.Equal(1.0, law.TotalMass, 15);
        Assert.Equal(0.5 * 2, law.Moment(1), 15);
    }

    [Fact]
    public void Given_quantiles_of_the_law_itself_the_Kolmogorov_distance_is_one_over_the_sample_size_and_a_shift_is_detected()
    {
        var law = HalfUniformHalfAtom();
        // 1000 zeros (±1e-15 like an eigensolver's) and 1000 evenly spread points of [1, 3].
        var sample = Enumerable.Range(0, 1000).Select(i => (i % 2 == 0 ? 1 : -1) * 1e-15)
            .Concat(Enumerable.Range(0, 1000).Select(i => 1 + 2 * (i + 0.5) / 1000)).ToArray();

        double close = law.KolmogorovDistance(sample, zeroTolerance: 1e-12);
        double unsnapped = law.KolmogorovDistance(sample);
        double shifted = law.KolmogorovDistance(sample.Select(v => v + 0.2).ToArray(), zeroTolerance: 1e-12);

        Assert.True(close <= 0.5 / 1000 + 1e-12, $"distance {close}");
        Assert.True(unsnapped >= 0.25, $"without snapping, the 500 values at −1e-15 sit left of the atom: {unsnapped}");
        Assert.True(shifted >= 0.5, $"shifted by 0.2: {shifted}");
    }
}
