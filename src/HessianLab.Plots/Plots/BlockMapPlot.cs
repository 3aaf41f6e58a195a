using System.Globalization;
using ScottPlot;

namespace HessianLab.Plots;

/// <summary>A block map (e.g. mean |H| per neuron block, or ‖H_lk‖_F per layer pair) as a heatmap, row 0 at the
/// top, with the numbers written in the cells when the map is small (the talk's annotated 8×8 map).</summary>
public static class BlockMapPlot
{
    /// <summary>Draws <paramref name="map"/> and saves a PNG atomically.</summary>
    /// <exception cref="ArgumentException">An empty map or labels of the wrong length.</exception>
    public static void Save(string path, double[,] map, BlockMapOptions options) =>
        PlotFiles.SavePng(Build(map, options), path, options.Width, options.Height);

    /// <summary>The plot of <paramref name="map"/>, not yet rendered.</summary>
    internal static Plot Build(double[,] map, BlockMapOptions options)
    {
        int rows = map.GetLength(0), cols = map.GetLength(1);
        if (rows == 0 || cols == 0) throw new ArgumentException("a block map needs at least one cell");
        var rowLabels = options.RowLabels;
        var colLabels = options.ColumnLabels ?? (rows == cols ? rowLabels : null);
        if (rowLabels is not null && rowLabels.Count != rows) throw new ArgumentException($"{rowLabels.Count} row labels for {rows} rows");
        if (colLabels is not null && colLabels.Count != cols) throw new ArgumentException($"{colLabels.Count} column labels for {cols} columns");

        if (options.Signed && options.Log) throw new ArgumentException("a block map is either signed or on a log scale");
        var (display, lo, hi) = Display(map, options.Log);
        if (options.Signed) { double m = Math.Max(Math.Abs(lo), Math.Abs(hi)); (lo, hi) = (-m, m); }
        var plot = new Plot();
        var hm = HeatmapPlottable.Create(display, options.Signed ? new ScottPlot.Colormaps.Balance() : new ScottPlot.Colormaps.Viridis(),
            new ScottPlot.Range(lo, hi), new CoordinateRect(0, cols, -rows, 0));
        plot.Add.Plottable(hm);
        var bar = plot.Add.ColorBar(hm);
        // ScottPlot 5.1 puts the colour bar's title at a fixed distance, over tick labels wider than about 5 characters
        // (3.2e-10 on a log bar): a log map names its quantity and scale in a second title line instead.
        string title = options.Title;
        if (options.Log)
        {
            title += $"\ncolour: {options.ColorbarLabel}, log10 scale";
            bar.Axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = LogAxes.Label, MinimumTickSpacing = 40 };
        }
        else
        {
            bar.Axis.Label.Text = options.ColorbarLabel;
            bar.Axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => ShortNumber.Format(v, 3), MinimumTickSpacing = 40 };
        }
        if (options.Annotate ?? Math.Max(rows, cols) <= options.AnnotateUpTo) Annotate(plot, map, display, lo, hi, options.Signed);
        Ticks(plot.Axes.Left, rows, rowLabels, vertical: true);
        Ticks(plot.Axes.Bottom, cols, colLabels, vertical: false);
        plot.HideGrid();
        plot.Title(title);
        if (options.AxisLabel is { } axisLabel) { plot.Axes.Left.Label.Text = axisLabel; plot.Axes.Bottom.Label.Text = axisLabel; }
        plot.Axes.SetLimits(0, cols, -rows, 0);
        return plot;
    }

    private static (double[,] Display, double Lo, double Hi) Display(double[,] map, bool log)
    {
        int r = map.GetLength(0), c = map.GetLength(1);
        var d = new double[r, c];
        double max = double.NegativeInfinity, minPositive = double.PositiveInfinity, min = double.PositiveInfinity;
        foreach (double v in map)
        {
            if (!double.IsFinite(v)) continue;
            max = Math.Max(max, v); min = Math.Min(min, v);
            if (v > 0) minPositive = Math.Min(minPositive, v);
        }
        if (double.IsNegativeInfinity(max)) { max = 1; min = 0; }
        double lo = log ? (double.IsPositiveInfinity(minPositive) ? 0 : Math.Floor(Math.Log10(minPositive))) : Math.Min(0, min);
        double hi = log ? (max > 0 ? Math.Log10(max) : lo + 1) : max;
        if (hi <= lo) hi = lo + 1;
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++)
                d[i, j] = log ? (map[i, j] > 0 ? Math.Log10(map[i, j]) : lo) : map[i, j];
        return (d, lo, hi);
    }

    private static void Annotate(Plot plot, double[,] map, double[,] display, double lo, double hi, bool signed)
    {
        int r = map.GetLength(0), c = map.GetLength(1);
        float size = Math.Clamp(220f / Math.Max(r, c), 8f, 16f);
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++)
            {
                var t = plot.Add.Text(ShortNumber.Format(map[i, j], 2), j + 0.5, -(i + 0.5));
                t.LabelAlignment = Alignment.MiddleCenter;
                t.LabelFontSize = size;
                // Viridis is dark below ~60 % of its range: white text there, black above; Balance is dark at both ends.
                double f = (display[i, j] - lo) / (hi - lo);
                t.LabelFontColor = (signed ? Math.Abs(f - 0.5) > 0.3 : f < 0.6) ? Colors.White : Colors.Black;
            }
    }

    private static void Ticks(IAxis axis, int n, IReadOnlyList<string>? labels, bool vertical)
    {
        if (labels is null && n > 24)
        {
            axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                IntegerTicksOnly = true,
                LabelFormatter = v => ((long)Math.Round(vertical ? -v : v)).ToString(CultureInfo.InvariantCulture),
            };
            return;
        }
        int most = vertical ? 24 : 10;   // bottom labels are wider than tall ones
        int step = Math.Max(1, (n + most - 1) / most);
        var pos = new List<double>(); var text = new List<string>();
        for (int i = 0; i < n; i += step)
        {
            pos.Add(vertical ? -(i + 0.5) : i + 0.5);
            text.Add(labels?[i] ?? i.ToString(CultureInfo.InvariantCulture));
        }
        axis.SetTicks(pos.ToArray(), text.ToArray());
    }
}
