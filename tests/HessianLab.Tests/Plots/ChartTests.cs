using HessianLab.Plots;
using HessianLab.Structure;

namespace HessianLab.Tests.Plots;

public sealed class ChartTests
{
    [Fact]
    public void A_power_law_fit_recovers_exact_slopes_and_the_textbook_standard_error()
    {
        var c = new double[] { 10, 50, 100, 1000 };
        var exact = PowerLawFit.Fit(c, c.Select(x => 3 / (x * x)).ToList());
        Assert.Equal(-2, exact.Slope, 12);
        Assert.Equal(Math.Log10(3), exact.Intercept, 12);
        Assert.Equal(0, exact.SlopeStdError, 6);

        // u = (0, 1, 2), v = (0, -1.1, -1.9): slope -0.95, intercept -0.05, SSE 0.015, SE = sqrt(0.015 / 1 / 2).
        var noisy = PowerLawFit.Fit(new double[] { 1, 10, 100 }, new[] { 1, Math.Pow(10, -1.1), Math.Pow(10, -1.9) });
        Assert.Equal(-0.95, noisy.Slope, 12);
        Assert.Equal(-0.05, noisy.Intercept, 12);
        Assert.Equal(Math.Sqrt(0.0075), noisy.SlopeStdError, 12);
        Assert.Equal(1e-3, noisy.Predict(1000), 1);
    }

    [Fact]
    public void A_power_law_fit_skips_non_positive_points_and_refuses_too_few()
    {
        var fit = PowerLawFit.Fit(new double[] { 1, 10, 100, 5 }, new double[] { 1, 0.1, 0.01, 0 });
        Assert.Equal(3, fit.Points);
        Assert.Throws<ArgumentException>(() => PowerLawFit.Fit(new double[] { 1, 2 }, new double[] { 1, -1 }));
    }

    [Fact]
    public void Block_maps_line_plots_and_log_log_plots_render_to_PNG()
    {
        using var dir = new TempDir();
        var map = new double[,] { { 1, 0.01 }, { 0.01, 2 } };
        BlockMapPlot.Save(dir.File("map.png"), map, new BlockMapOptions { RowLabels = new[] { "w1", "w2" } });
        BlockMapPlot.Save(dir.File("maplog.png"), map, new BlockMapOptions { Log = true });
        var steps = Enumerable.Range(0, 100).Select(i => (double)i).ToList();
        LinePlot.Save(dir.File("line.png"), new[]
        {
            new LineSeries("loss", steps, steps.Select(s => Math.Exp(-s / 20)).ToList()),
            new LineSeries("zeros are skipped on log y", steps, steps.Select(s => s % 2).ToList()),
        }, new LinePlotOptions { Title = "t", LogY = true });
        var c = new double[] { 10, 100, 1000 };
        LogLogFitPlot.Save(dir.File("fit.png"), new[]
        {
            new FitSeries("ρ", c, c.Select(x => 1 / x).ToList(), c.Select(x => 0.1 / x).ToList(), PowerLawFit.Fit(c, c.Select(x => 1 / x).ToList())),
        }, new LinePlotOptions { Title = "fit" });

        foreach (var f in new[] { "map.png", "maplog.png", "line.png", "fit.png" })
            Assert.True(new FileInfo(dir.File(f)).Length > 10_000, $"{f} too small");
    }

    [Fact]
    public void Plots_reject_mismatched_inputs_with_a_message()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<ArgumentException>(() => LinePlot.Save(dir.File("x.png"),
            new[] { new LineSeries("bad", new double[] { 1, 2 }, new double[] { 1 }) }, new LinePlotOptions()));
        Assert.Contains("bad", e.Message);
        Assert.Throws<ArgumentException>(() => BlockMapPlot.Save(dir.File("y.png"), new double[2, 2],
            new BlockMapOptions { RowLabels = new[] { "only one" } }));
    }
}
