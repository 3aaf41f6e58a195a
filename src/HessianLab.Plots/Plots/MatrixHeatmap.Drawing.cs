using System.Globalization;
using ScottPlot;

namespace HessianLab.Plots;

public static partial class MatrixHeatmap
{
    /// <summary>The second title line: size, scale, pooling.</summary>
    internal static string Subtitle(HeatmapData d, HeatmapOptions o)
    {
        string size = $"{d.Rows}×{d.Columns}";
        string scale = d.Scale == HeatmapScale.Linear
            ? (o.Vmax is null ? $"linear, vmax = max/{Num(o.VmaxDivisor)} = {Num(d.ColorMax)}" : $"linear, vmax = {Num(d.ColorMax)} ({o.VmaxNote ?? "fixed"}), max {Num(d.Max)}")
            : $"log10, {Num(o.LogDecades)} decades below max {Num(d.Max)}";
        return $"{o.Quantity} {size}, {scale}";
    }

    /// <summary>Builds the ScottPlot figure for prepared data (used by <see cref="Save"/> and the panels).</summary>
    internal static Plot BuildPlot(HeatmapData d, HeatmapOptions o)
    {
        var plot = new Plot();
        // Cells are exactly f θ-units wide; the last row/column of cells may reach past the matrix and is clipped by the limits.
        double w = (double)d.Display.GetLength(1) * d.PoolFactor, h = (double)d.Display.GetLength(0) * d.PoolFactor;
        var hm = HeatmapPlottable.Create(d.Display, HeatmapColormaps.Of(o.Colormap), new ScottPlot.Range(d.ColorMin, d.ColorMax),
            new CoordinateRect(0, w, -h, 0));
        plot.Add.Plottable(hm);
        var bar = plot.Add.ColorBar(hm);
        // ScottPlot 5.1 places the colour bar's title at a fixed distance, over tick labels wider than "1e-3": the linear
        // bar's ticks (0.0035, 6.5e-4) ran into it, so only the log bar is titled; the subtitle's first words name the
        // quantity and scale of both ("|H| 8000×8000, linear, vmax = …").
        if (d.Scale == HeatmapScale.Log)
        {
            bar.Axis.Label.Text = $"{o.Quantity} (log10 scale)";
            bar.Axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                IntegerTicksOnly = true,
                LabelFormatter = v => "1e" + Math.Round(v).ToString(CultureInfo.InvariantCulture),
            };
        }
        else   // 5.5e-5 rather than ScottPlot's 5.5E-05
            bar.Axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => ShortNumber.Format(v, 3) };
        // Third title line only when needed: pooling and omitted grid lines.
        var notes = new List<string>();
        if (d.PoolFactor > 1) notes.Add($"max {o.Quantity} pooled over {d.PoolFactor}×{d.PoolFactor} entries");
        if (DrawGrid(plot, d, o) is { Length: > 0 } note) notes.Add(note);
        // Wrapped to the picture's width (a panel is narrower than the subtitle with a shared vmax); the measuring font is
        // narrower than the drawn bold serif, hence the margin.
        string title = $"{o.Title}\n{Subtitle(d, o)}{(notes.Count > 0 ? "\n" + string.Join("; ", notes) : "")}";
        plot.Title(string.Join("\n", PanelFigure.WrapTitle(title, o.Width * 0.8f, 14)), 14);
        plot.HideGrid();
        long rowStart = o.RowStart, colStart = o.ColumnStart;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            LabelFormatter = v => (rowStart + (long)Math.Round(-v)).ToString(CultureInfo.InvariantCulture),
        };
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            LabelFormatter = v => (colStart + (long)Math.Round(v)).ToString(CultureInfo.InvariantCulture),
        };
        plot.YLabel("θ index (row)");
        plot.XLabel("θ index (column)");
        plot.Axes.SetLimits(0, d.Columns, -d.Rows, 0);
        return plot;
    }

    private static string DrawGrid(Plot plot, HeatmapData d, HeatmapOptions o)
    {
        // Approximate plot-area size: the image minus room for axes, title and colour bar.
        double pxPerUnit = Math.Min((o.Width - 220) / (double)d.Columns, (o.Height - 160) / (double)d.Rows);
        int skipped = 0;
        var kept = new List<long>();
        var minor = o.MinorLines.Distinct().OrderBy(x => x).ToList();
        for (int i = 0; i < minor.Count; i++)
        {
            // A minor line is drawn only where its neighbours are far enough apart to be told apart.
            long prev = i > 0 ? minor[i - 1] : long.MinValue / 2, next = i + 1 < minor.Count ? minor[i + 1] : long.MaxValue / 2;
            if (Math.Min(minor[i] - prev, next - minor[i]) * pxPerUnit >= o.MinMinorSpacingPixels) kept.Add(minor[i]);
            else skipped++;
        }
        Lines(plot, d, o, kept, new Color(255, 255, 255, 110), 0.6f);
        Lines(plot, d, o, o.MajorLines, new Color(255, 80, 80, 230), 1.6f);
        return skipped == 0 ? "" : kept.Count == 0 ? "neuron lines omitted (too dense)" : "dense neuron lines omitted";
    }

    private static void Lines(Plot plot, HeatmapData d, HeatmapOptions o, IEnumerable<long> thetas, Color color, float width)
    {
        foreach (long t in thetas)
        {
            long x = t - o.ColumnStart, y = t - o.RowStart;
            if (x > 0 && x < d.Columns) plot.Add.VerticalLine(x, width, color);
            if (y > 0 && y < d.Rows) plot.Add.HorizontalLine(-y, width, color);
        }
    }

    internal static string Num(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
}
