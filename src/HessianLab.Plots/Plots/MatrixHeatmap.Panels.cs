using HessianLab.IO;
using ScottPlot;
using SkiaSharp;

namespace HessianLab.Plots;

public static partial class MatrixHeatmap
{
    /// <summary>Draws several heatmaps side by side, row by row, in one PNG (e.g. E3's C sweep, E10's preconditioners).</summary>
    /// <param name="path">PNG file (written atomically).</param>
    /// <param name="panels">The panels, in reading order.</param>
    /// <param name="columns">Panels per row.</param>
    /// <param name="panelWidth">Width of every panel in pixels (shared layout).</param>
    /// <param name="panelHeight">Height of every panel in pixels.</param>
    /// <param name="title">Optional figure title drawn above the panels.</param>
    /// <returns>The data drawn in each panel.</returns>
    /// <exception cref="ArgumentException">No panels or columns &lt; 1.</exception>
    public static IReadOnlyList<HeatmapData> SavePanels(string path, IReadOnlyList<HeatmapPanel> panels, int columns,
        int panelWidth = 640, int panelHeight = 580, string? title = null)
    {
        if (panels.Count == 0) throw new ArgumentException("a panel figure needs at least one panel");
        if (columns < 1) throw new ArgumentException($"columns must be ≥ 1, got {columns}");
        int cols = Math.Min(columns, panels.Count), rows = (panels.Count + cols - 1) / cols;
        int top = title is null ? 0 : 44;
        int width = cols * panelWidth, height = rows * panelHeight + top;
        var drawn = new List<HeatmapData>();
        using var surface = SKSurface.Create(new SKImageInfo(width, height))
            ?? throw new InvalidOperationException($"could not create a {width}×{height} drawing surface");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        if (title is not null)
        {
            using var font = new SKFont(SKTypeface.Default, 22);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            canvas.DrawText(title, width / 2f, 30, SKTextAlign.Center, font, paint);
        }
        for (int i = 0; i < panels.Count; i++)
        {
            var o = panels[i].Options with { Width = panelWidth, Height = panelHeight };
            var data = Prepare(panels[i].Matrix, o);
            drawn.Add(data);
            var plot = BuildPlot(data, o);
            float left = i % cols * panelWidth, y0 = top + i / cols * panelHeight;
            // Plot.Render(canvas, rect) clears the whole canvas, so each panel is rendered on its own and pasted.
            using var panel = SKImage.FromEncodedData(plot.GetImageBytes(panelWidth, panelHeight, ImageFormat.Png));
            canvas.DrawImage(panel, left, y0);
        }
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, s => png.SaveTo(s));
        return drawn;
    }
}
