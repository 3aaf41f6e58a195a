using ScottPlot;

namespace HessianLab.Plots;

/// <summary>Curves with a legend: loss curves, metric curves over training (optionally log y).</summary>
public static class LinePlot
{
    /// <summary>Draws the series and saves a PNG atomically.</summary>
    /// <exception cref="ArgumentException">No series, or a series whose X and Y lengths differ.</exception>
    public static void Save(string path, IReadOnlyList<LineSeries> series, LinePlotOptions options)
    {
        if (series.Count == 0) throw new ArgumentException("a line plot needs at least one series");
        var plot = new Plot();
        // Category10 for few series; Category20 so that more than ten series keep distinct colours.
        IPalette palette = series.Count > 10 ? new ScottPlot.Palettes.Category20() : new ScottPlot.Palettes.Category10();
        for (int i = 0; i < series.Count; i++)
        {
            var s = series[i];
            if (s.X.Count != s.Y.Count) throw new ArgumentException($"series '{s.Label}': {s.X.Count} x values but {s.Y.Count} y values");
            var (xs, ys) = Transform(s.X, s.Y, options.LogX, options.LogY);
            var line = plot.Add.ScatterLine(xs, ys, palette.GetColor(i));
            line.LegendText = s.Label;
            line.LineWidth = 2;
            line.MarkerSize = options.Markers ?? xs.Length <= 60 ? 6 : 0;
        }
        if (options.LogY) LogAxes.Apply(plot.Axes.Left);
        if (options.LogX) LogAxes.Apply(plot.Axes.Bottom);
        else if (options.IntegerX) plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Title(options.Title);
        plot.XLabel(options.XLabel + (options.LogX ? " (log scale)" : ""));
        plot.YLabel(options.YLabel + (options.LogY ? " (log scale)" : ""));
        // Many series: legend outside the data area (on the right) so it never hides points.
        if (series.Count > 4) plot.ShowLegend(Edge.Right);
        else if (series.Count > 1 || series[0].Label.Length > 0) plot.ShowLegend(Alignment.UpperRight);
        PlotFiles.SavePng(plot, path, options.Width, options.Height);
    }

    internal static (double[] X, double[] Y) Transform(IReadOnlyList<double> x, IReadOnlyList<double> y, bool logX, bool logY)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < x.Count; i++)
        {
            double? u = logX ? LogAxes.Log(x[i]) : x[i], v = logY ? LogAxes.Log(y[i]) : y[i];
            if (u is { } a && v is { } b && double.IsFinite(a) && double.IsFinite(b)) { xs.Add(a); ys.Add(b); }
        }
        return (xs.ToArray(), ys.ToArray());
    }
}
