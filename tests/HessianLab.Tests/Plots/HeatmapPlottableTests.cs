using HessianLab.Plots;
using ScottPlot;

namespace HessianLab.Tests.Plots;

/// <summary>The one-bitmap heatmap draws exactly what ScottPlot's own construction (three bitmaps) draws.</summary>
public sealed class HeatmapPlottableTests
{
    private static byte[] Png(ScottPlot.Plottables.Heatmap heatmap)
    {
        var plot = new Plot();
        plot.Add.Plottable(heatmap);
        plot.Axes.SetLimits(0, 70, -50, 0);
        using var png = PlotFiles.EncodePng(plot, 400, 300);
        return png.ToArray();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_pixels_equal_scottplots_own_heatmap(bool signed)
    {
        var values = new double[50, 70];
        for (int i = 0; i < 50; i++)
            for (int j = 0; j < 70; j++) values[i, j] = Math.Sin(i * 0.37) * Math.Cos(j * 0.21) * (signed ? 1 : Math.Sign(Math.Sin(i * 0.37) * Math.Cos(j * 0.21)));
        values[3, 4] = double.NaN;
        IColormap colormap = signed ? new ScottPlot.Colormaps.Balance() : new ScottPlot.Colormaps.Viridis();
        var range = new ScottPlot.Range(signed ? -0.8 : 0.1, 0.8);
        var rectangle = new CoordinateRect(0, 70, -50, 0);

        var reference = new ScottPlot.Plottables.Heatmap(values) { Colormap = colormap, ManualRange = range, Rectangle = rectangle };
        var once = HeatmapPlottable.Create(values, colormap, range, rectangle);

        Assert.Equal(Png(reference), Png(once));
    }
}
