using HessianLab.Plots;
using SkiaSharp;

namespace HessianLab.Tests.Plots;

/// <summary>Interval bands and tick labels without exponents (E12, E13).</summary>
public sealed class BandPlotTests
{
    [Theory]
    [InlineData(320.0, "320")]
    [InlineData(0.063, "0.063")]
    [InlineData(1.6, "1.6")]
    [InlineData(25_000.0, "25000")]
    [InlineData(3.2e-5, "3.2e-5")]
    [InlineData(6.3e-5, "6.3e-5")]
    [InlineData(3.2e-21, "3.2e-21")]
    [InlineData(3.2e7, "3.2e7")]
    [InlineData(9.96e-5, "1e-4")]
    public void Log_axis_labels_between_decades_have_no_exponent_in_the_readable_range(double value, string label)
    {
        Assert.Equal(label, LogAxes.Label(Math.Log10(value)));
    }

    [Theory]
    [InlineData(-4.0, "1e-4")]
    [InlineData(-3.0, "0.001")]
    [InlineData(-2.0, "0.01")]
    [InlineData(7.0, "1e7")]
    [InlineData(2.0, "100")]
    [InlineData(4.0, "10000")]
    public void Log_axis_labels_at_whole_exponents_follow_the_same_ranges_as_between_decades(double exponent, string label)
    {
        Assert.Equal(label, LogAxes.Label(exponent));
    }

    [Theory]
    [InlineData(160.0, "160")]
    [InlineData(25.0, "25")]
    [InlineData(-0.85, "-0.85")]
    [InlineData(0.1, "0.1")]
    public void Band_plot_ticks_are_plain_numbers(double value, string label)
    {
        Assert.Equal(label, IntervalBandPlot.PlainLabel(value));
    }

    [Fact]
    public void The_band_is_drawn_between_low_and_high_in_the_series_colour()
    {
        using var dir = new TempDir();
        string path = dir.File("band.png");
        var x = new double[] { 25, 50, 100, 200 };
        IntervalBandPlot.Save(path, new[] { new BandSeries("slope", x, new[] { -0.9, -0.7, -0.7, -0.7 }, new[] { -1.2, -1.0, -1.1, -1.2 }, new[] { -0.6, -0.4, -0.3, -0.2 }) },
            new LinePlotOptions { Title = "t", XLabel = "d", YLabel = "slope", LogX = true }, new[] { (-1.0, "theory") });
        using var bmp = SKBitmap.Decode(path);
        // Category10's first colour (31, 119, 180) at alpha 0.18 over white: a light blue of about (215, 230, 240).
        int light = 0;
        for (int y = 0; y < bmp.Height; y++)
            for (int i = 0; i < bmp.Width; i++)
                if (bmp.GetPixel(i, y) is { Red: > 200 and < 225, Green: > 220 and < 238, Blue: > 235 and < 248 }) light++;
        Assert.True(light > 5_000, $"{light} band pixels");
        Assert.Throws<ArgumentException>(() => IntervalBandPlot.Save(path, new[] { new BandSeries("bad", x, new[] { 1.0 }, x, x) }, new LinePlotOptions()));
    }

    [Fact]
    public void More_than_three_series_get_error_bars_instead_of_bands()
    {
        using var dir = new TempDir();
        string path = dir.File("bars.png");
        var x = new double[] { 25, 50, 100, 200 };
        var series = Enumerable.Range(0, 4).Select(k => new BandSeries($"s{k}", x, x.Select(_ => (double)k).ToList(),
            x.Select(_ => k - 0.8).ToList(), x.Select(_ => k + 0.8).ToList())).ToList();
        IntervalBandPlot.Save(path, series, new LinePlotOptions { Title = "t", XLabel = "d", YLabel = "y", LogX = true });
        using var bmp = SKBitmap.Decode(path);
        int light = 0;
        for (int y = 0; y < bmp.Height; y++)
            for (int i = 0; i < bmp.Width; i++)
                if (bmp.GetPixel(i, y) is { Red: > 200 and < 225, Green: > 220 and < 238, Blue: > 235 and < 248 }) light++;
        Assert.True(light < 500, $"{light} band-coloured pixels: the intervals should be bars");
        // The first series' bars: a vertical run of its colour (31, 119, 180) at least 40 px long somewhere.
        int longest = 0;
        for (int i = 0; i < bmp.Width; i++)
        {
            int run = 0;
            for (int y = 0; y < bmp.Height; y++)
            {
                var p = bmp.GetPixel(i, y);
                run = Math.Abs(p.Red - 31) < 25 && Math.Abs(p.Green - 119) < 25 && Math.Abs(p.Blue - 180) < 25 ? run + 1 : 0;
                longest = Math.Max(longest, run);
            }
        }
        Assert.True(longest >= 40, $"longest vertical run of the first colour: {longest} px");
    }
}
