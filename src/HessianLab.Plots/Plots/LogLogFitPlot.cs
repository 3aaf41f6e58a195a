using System.Globalization;
using ScottPlot;

namespace HessianLab.Plots;

/// <summary>Log-log scatter with error bars and fitted power laws, slopes in the legend (E3: ρ against C).</summary>
public static class LogLogFitPlot
{
    /// <summary>Draws the series and saves a PNG atomically.</summary>
    /// <remarks>Error bars y ± e are drawn in log space: up to log10(y + e), down to log10(y - e)
    /// (to the bottom of the plot when y - e ≤ 0).</remarks>
    /// <exception cref="ArgumentException">No series, or lengths that differ.</exception>
    public static void Save(string path, IReadOnlyList<FitSeries> series, LinePlotOptions options)
    {
        if (series.Count == 0) throw new ArgumentException("a log-log plot needs at least one series");
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < series.Count; i++)
        {
            var s = series[i];
            if (s.X.Count != s.Y.Count || (s.YError is not null && s.YError.Count != s.Y.Count))
                throw new ArgumentException($"series '{s.Label}': x, y and error lengths differ ({s.X.Count}, {s.Y.Count}, {s.YError?.Count})");
            var color = palette.GetColor(i);
            var (xs, ys) = LinePlot.Transform(s.X, s.Y, true, true);
            var points = plot.Add.ScatterPoints(xs, ys, color);
            points.MarkerSize = 9;
            points.LegendText = s.Label;
            if (s.YError is not null) AddErrorBars(plot, s, color);
            if (s.Fit is { } fit && xs.Length > 0)
            {
                double x0 = xs.Min(), x1 = xs.Max();
                var line = plot.Add.ScatterLine(new[] { x0, x1 }, new[] { fit.Intercept + fit.Slope * x0, fit.Intercept + fit.Slope * x1 }, color);
                line.LinePattern = LinePattern.Dashed;
                line.LineWidth = 2;
                line.MarkerSize = 0;
                string se = double.IsNaN(fit.SlopeStdError) ? "" : $" ± {fit.SlopeStdError.ToString("F2", CultureInfo.InvariantCulture)}";
                line.LegendText = $"fit: slope {fit.Slope.ToString("F2", CultureInfo.InvariantCulture)}{se}";
            }
        }
        LogAxes.Apply(plot.Axes.Left);
        LogAxes.Apply(plot.Axes.Bottom);
        plot.Title(options.Title);
        plot.XLabel(options.XLabel + " (log scale)");
        plot.YLabel(options.YLabel + " (log scale)");
        plot.ShowLegend(Alignment.LowerLeft);
        PlotFiles.SavePng(plot, path, options.Width, options.Height);
    }

    private static void AddErrorBars(Plot plot, FitSeries s, Color color)
    {
        var xs = new List<double>(); var ys = new List<double>(); var lo = new List<double>(); var hi = new List<double>();
        for (int j = 0; j < s.X.Count; j++)
        {
            if (LogAxes.Log(s.X[j]) is not { } x || LogAxes.Log(s.Y[j]) is not { } y) continue;
            double e = Math.Abs(s.YError![j]);
            xs.Add(x); ys.Add(y);
            hi.Add(Math.Log10(s.Y[j] + e) - y);
            lo.Add(s.Y[j] - e > 0 ? y - Math.Log10(s.Y[j] - e) : 0);
        }
        var zeros = new double[xs.Count];
        var bars = plot.Add.ErrorBar(xs, ys, zeros);
        bars.XErrorNegative = zeros; bars.XErrorPositive = zeros;
        bars.YErrorNegative = lo; bars.YErrorPositive = hi;
        bars.Color = color;
        bars.LineWidth = 1.5f;
    }
}
