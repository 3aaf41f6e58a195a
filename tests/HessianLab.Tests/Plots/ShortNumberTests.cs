using HessianLab.Plots;

namespace HessianLab.Tests.Plots;

public sealed class ShortNumberTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(0.0065, "0.0065")]
    [InlineData(0.00065, "6.5e-4")]
    [InlineData(4.2, "4.2")]
    [InlineData(5.5e-5, "5.5e-5")]
    [InlineData(-1.25e-7, "-1.25e-7")]
    [InlineData(9.999e-6, "1e-5")]
    [InlineData(3e6, "3e6")]
    public void Colour_bar_ticks_are_plain_in_the_readable_range_and_short_outside_it(double value, string label) =>
        Assert.Equal(label, ShortNumber.Format(value, 3));
}
