using System.Globalization;
using ScottPlot;

namespace HessianLab.Plots;

/// <summary>Means over seeds as lines with markers and their 95 % intervals as translucent bands (one colour per series;
/// with more than three series as error bars, shifted sideways per series),
/// on a linear y axis; the x axis may be log10 with ticks at the data's own x values written as plain numbers
/// (25, 50, 100, 200; never 1.6E+02).</summary>
public static class IntervalBandPlot
{
    /// <summary>A plain tick label: integers without decimals, others with up to 4 significant digits, no exponent.</summary>
    public static string PlainLabel(double v) =>
        Math.Abs(v - Math.Round(v)) < 1e-9 * Math.Max(1, Math.Abs(v))
            ? Math.Round(v).ToString("0", CultureInfo.InvariantCulture)
            : v.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Draws the series and saves a PNG atomically. <see cref="LinePlotOptions.LogY"/> is ignored (intervals may reach 0).</summary>
    /// <param name="path">PNG file.</param>
    /// <param name="series">The curves with their intervals.</param>
    /// <param name="options">Title, labels, log x, size.</param>
    /// <param name="horizontal">Optional reference lines (value, label), e.g. a theory slope of −1.</param>
    /// <exception cref="ArgumentException">No series, or a series whose lengths differ.</exception>
    public static void Save(string path, IReadOnlyList<BandSeries> series, LinePlotOptions options, IReadOnlyList<(double Y, string Label)>? horizontal = null)
    {
        if (series.Count == 0) throw new ArgumentException("a band plot needs at least one series", nameof(series));
        var plot = new Plot();
        IPalette palette = series.Count > 10 ? new ScottPlot.Palettes.Category20() : new ScottPlot.Palettes.Category10();
        double X(double x) => options.LogX ? Math.Log10(x) : x;
        // More than three series: bands would pile up, so each interval is an error bar instead.
        bool bands = series.Count <= 3;
        var all = series.SelectMany(z => z.X).Where(x => x > 0).Select(X).ToList();
        double span = all.Count > 1 ? all.Max() - all.Min() : 1;
        double Dodge(int k) => (k - (series.Count - 1) / 2.0) * 0.012 * span;
        for (int i = 0; i < series.Count; i++)
        {
            var s = series[i];
            if (new[] { s.Mean.Count, s.Low.Count, s.High.Count }.Any(n => n != s.X.Count))
                throw new ArgumentException($"series '{s.Label}': x, mean, low and high differ in length", nameof(series));
            var color = palette.GetColor(i);
            var band = Enumerable.Range(0, s.X.Count).Where(j => double.IsFinite(s.Low[j]) && double.IsFinite(s.High[j]) && s.X[j] > 0).ToList();
            if (bands && band.Count > 1)
            {
                var fill = plot.Add.FillY(band.Select(j => X(s.X[j])).ToArray(), band.Select(j => s.Low[j]).ToArray(), band.Select(j => s.High[j]).ToArray());
                fill.FillStyle.Color = color.WithAlpha(0.18);
                fill.LineStyle.Color = color.WithAlpha(0.5);
                fill.LineStyle.Width = 1;
            }
            else
                foreach (int j in band)
                {
                    // Error bar with caps, shifted sideways per series so that bars at the same x stay apart.
                    double x = X(s.X[j]) + Dodge(i), cap = 0.25 * Math.Abs(Dodge(1) - Dodge(0));
                    foreach (var (x1, y1, x2, y2) in new[] { (x, s.Low[j], x, s.High[j]), (x - cap, s.Low[j], x + cap, s.Low[j]), (x - cap, s.High[j], x + cap, s.High[j]) })
                    {
                        var bar = plot.Add.Line(x1, y1, x2, y2);
                        bar.LineColor = color;
                        bar.LineWidth = 1.5f;
                    }
                }
            var pts = Enumerable.Range(0, s.X.Count).Where(j => double.IsFinite(s.Mean[j]) && s.X[j] > 0).ToList();
            var line = plot.Add.ScatterLine(pts.Select(j => X(s.X[j]) + (bands ? 0 : Dodge(i))).ToArray(), pts.Select(j => s.Mean[j]).ToArray(), color);
            line.LegendText = s.Label;
            line.LineWidth = 2;
            line.MarkerSize = 7;
        }
        foreach (var (y, label) in horizontal ?? Array.Empty<(double, string)>())
        {
            var h = plot.Add.HorizontalLine(y, 1.5f, Colors.Black, LinePattern.Dashed);
            h.LegendText = label;
        }
        var xs = series.SelectMany(s => s.X).Where(x => x > 0).Distinct().OrderBy(x => x).ToList();
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (double x in xs) ticks.AddMajor(X(x), PlainLabel(x));
        plot.Axes.Bottom.TickGenerator = ticks;
        if (xs.Count > 0) plot.Axes.SetLimitsX(X(xs[0]) - 0.06 * (X(xs[^1]) - X(xs[0]) + 1e-9), X(xs[^1]) + 0.06 * (X(xs[^1]) - X(xs[0]) + 1e-9));
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = PlainLabel };
        plot.Title(options.Title);
        plot.XLabel(options.XLabel + (options.LogX ? " (log scale)" : ""));
        plot.YLabel(options.YLabel + (bands ? "; line: mean, band: 95 % interval" : "; line: mean, bar: 95 % interval"));
        plot.ShowLegend(Edge.Right);
        PlotFiles.SavePng(plot, path, options.Width, options.Height);
    }
}
