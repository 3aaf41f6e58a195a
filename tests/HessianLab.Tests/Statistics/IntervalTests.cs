using HessianLab.Statistics;

namespace HessianLab.Tests.Statistics;

/// <summary>95 % intervals against values computed by hand and from tables.</summary>
public sealed class IntervalTests
{
    [Fact]
    public void Interval_of_three_values_uses_t_4_303()
    {
        // mean 2, sd 1 → half-width 4.303 / √3.
        var i = Interval.Of(new[] { 1.0, 2.0, 3.0 });

        Assert.Equal(2, i.Mean, 12);
        Assert.Equal(4.303 / Math.Sqrt(3), i.HalfWidth, 12);
        Assert.Equal(3, i.Count);
        Assert.True(i.Contains(4.4) && !i.Contains(4.5));
    }

    [Fact]
    public void Non_finite_values_are_dropped_and_one_value_has_no_width()
    {
        var i = Interval.Of(new[] { 5.0, double.NaN });

        Assert.Equal(5, i.Mean);
        Assert.True(double.IsNaN(i.HalfWidth));
        Assert.Equal("5", i.Format(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(1, 12.706)]
    [InlineData(4, 2.776)]
    [InlineData(30, 2.042)]
    [InlineData(40, 2.021)]
    [InlineData(120, 1.980)]
    public void Student_t_quantiles_match_the_tables(int df, double expected) =>
        Assert.Equal(expected, StudentT.Quantile975(df), 3);
}
