using ScottPlot;
using static TorchSharp.torch;

namespace HessianLab.Plots;

/// <summary>A pooled overview of a matrix with zoomed insets at true resolution beside it, all on the overview's colour
/// scale: the overview shows the whole matrix (max |H| pooled over f × f entries), each inset a small region unpooled,
/// so that structure finer than f (the period-m stripes of H_WV, the m × m neuron blocks of H_VV) is visible.
/// Frames on the overview mark where the insets are.</summary>
public static class HeatmapInsets
{
    /// <summary>Pixels per matrix entry of an unpooled panel, with the same plot-area estimate the grid lines use
    /// (the image minus room for axes, title and colour bar).</summary>
    public static double PixelsPerEntry(int width, int height, long rows, long cols) =>
        Math.Min((width - 220) / (double)cols, (height - 160) / (double)rows);

    /// <summary>Draws the overview and the insets side by side (<paramref name="columns"/> panels per row) into one PNG.</summary>
    /// <param name="path">PNG file (written atomically).</param>
    /// <param name="matrix">The matrix.</param>
    /// <param name="overview">Options of the overview (linear scale); the insets share its vmax (its <see cref="HeatmapOptions.Vmax"/>, else max|H|/k).</param>
    /// <param name="insets">Regions to zoom into (clipped to the matrix; each at most <see cref="HeatmapOptions.MaxCells"/> per side).</param>
    /// <param name="title">Figure title (wrapped to the figure's width).</param>
    /// <param name="columns">Panels per row (default: all in one row).</param>
    /// <param name="panelWidth">Width of each panel in pixels.</param>
    /// <param name="panelHeight">Height of each panel in pixels.</param>
    /// <param name="pooled">The whole matrix already pooled with the overview's MaxCells (e.g. shared with a log picture
    /// of it, as <see cref="MatrixHeatmap.SavePooled"/> draws), so the matrix is not read again for the overview; null:
    /// pooled here.</param>
    /// <returns>The data drawn: the overview first, then each inset.</returns>
    /// <exception cref="ArgumentException">A log-scale overview (the insets could not share its scale), an empty inset list,
    /// or a pooled map of another region or pool factor.</exception>
    public static IReadOnlyList<HeatmapData> Save(string path, Tensor matrix, HeatmapOptions overview, IReadOnlyList<InsetRegion> insets,
        string? title = null, int? columns = null, int panelWidth = 640, int panelHeight = 600, PooledAbsMax? pooled = null)
    {
        if (overview.Scale != HeatmapScale.Linear) throw new ArgumentException("insets share the overview's linear scale; draw log pictures without insets", nameof(overview));
        if (pooled is not null && (pooled.Rows != matrix.shape[0] || pooled.Columns != matrix.shape[1]))
            throw new ArgumentException($"the pooled map covers {pooled.Rows}×{pooled.Columns} entries, the matrix is {matrix.shape[0]}×{matrix.shape[1]}", nameof(pooled));
        var regions = insets.Select(r => r.ClippedTo(matrix.shape[0], matrix.shape[1])).OfType<InsetRegion>().ToList();
        if (regions.Count == 0) throw new ArgumentException("no inset region lies inside the matrix", nameof(insets));
        var (plots, drawn) = Build(matrix, overview with { Width = panelWidth, Height = panelHeight }, regions, pooled);
        PanelFigure.Save(path, plots, columns ?? plots.Count, panelWidth, panelHeight, title);
        return drawn;
    }

    /// <summary>Several matrices (e.g. H_WV along training), each pooled in the first row with the same region zoomed
    /// unpooled below it; every panel on its own options' scale (give them one <see cref="HeatmapOptions.Vmax"/> to share it).</summary>
    /// <returns>The data drawn: for each panel its overview, then its zoom.</returns>
    /// <exception cref="ArgumentException">No panels, or a log-scale panel.</exception>
    public static IReadOnlyList<HeatmapData> SaveWithZoomRow(string path, IReadOnlyList<HeatmapPanel> panels, InsetRegion zoom, string? title = null,
        int panelWidth = 600, int panelHeight = 560)
    {
        if (panels.Count == 0) throw new ArgumentException("a panel figure needs at least one panel", nameof(panels));
        if (panels.Any(p => p.Options.Scale != HeatmapScale.Linear)) throw new ArgumentException("zooms share their panel's linear scale", nameof(panels));
        var tops = new List<Plot>(); var bottoms = new List<Plot>(); var drawn = new List<HeatmapData>();
        foreach (var p in panels)
        {
            var region = zoom.ClippedTo(p.Matrix.shape[0], p.Matrix.shape[1]) ?? throw new ArgumentException("the zoom lies outside a panel's matrix", nameof(zoom));
            var (plots, data) = Build(p.Matrix, p.Options with { Width = panelWidth, Height = panelHeight }, new[] { region });
            tops.Add(plots[0]); bottoms.Add(plots[1]); drawn.AddRange(data);
        }
        PanelFigure.Save(path, tops.Concat(bottoms).ToList(), panels.Count, panelWidth, panelHeight, title);
        return drawn;
    }

    /// <summary>The overview's plot with frames, then one unpooled plot per region on the overview's vmax.</summary>
    private static (List<Plot> Plots, List<HeatmapData> Data) Build(Tensor matrix, HeatmapOptions o, IReadOnlyList<InsetRegion> regions,
        PooledAbsMax? pooled = null)
    {
        var data = pooled is null ? MatrixHeatmap.Prepare(matrix, o) : MatrixHeatmap.FromPooled(pooled, o);
        string note = o.Vmax is null ? $"overview's, max/{MatrixHeatmap.Num(o.VmaxDivisor)}" : o.VmaxNote ?? "overview's";
        var plots = new List<Plot> { MatrixHeatmap.BuildPlot(data, o) };
        var drawn = new List<HeatmapData> { data };
        foreach (var r in regions)
        {
            Frame(plots[0], r);
            double px = PixelsPerEntry(o.Width, o.Height, r.Rows, r.Columns);
            var io = o with
            {
                Title = $"zoom: {r.Label}, unpooled (≈ {px:F1} px per entry)", Vmax = data.ColorMax, VmaxNote = note,
                RowStart = o.RowStart + r.Row, ColumnStart = o.ColumnStart + r.Column, MaxCells = Math.Max(r.Rows, r.Columns),
            };
            var d = MatrixHeatmap.Prepare(matrix.narrow(0, r.Row, r.Rows).narrow(1, r.Column, r.Columns), io);
            drawn.Add(d);
            plots.Add(MatrixHeatmap.BuildPlot(d, io));
        }
        return (plots, drawn);
    }

    private static void Frame(Plot plot, InsetRegion r)
    {
        var rect = plot.Add.Rectangle(r.Column, r.Column + r.Columns, -(r.Row + r.Rows), -r.Row);
        rect.FillStyle.Color = Colors.Transparent;
        rect.LineStyle.Color = new Color(255, 60, 60);
        rect.LineStyle.Width = 2;
        var label = plot.Add.Text(r.Label, r.Column + r.Columns, -r.Row);
        label.LabelFontColor = new Color(255, 60, 60);
        label.LabelFontSize = 12;
        label.LabelBold = true;
    }
}
