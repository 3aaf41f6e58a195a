using HessianLab.IO;
using ScottPlot;
using SkiaSharp;

namespace HessianLab.Plots;

/// <summary>Several finished plots pasted side by side, row by row, under a title that wraps to the figure's width.</summary>
public static class PanelFigure
{
    private const float TitleFontSize = 22, LineHeight = 28;

    /// <summary>The title's lines: its own line breaks, and long lines broken between words to fit <paramref name="width"/> pixels.</summary>
    public static IReadOnlyList<string> WrapTitle(string title, float width, float fontSize = TitleFontSize)
    {
        using var font = new SKFont(SKTypeface.Default, fontSize);
        var lines = new List<string>();
        foreach (string paragraph in title.Split('\n'))
        {
            string line = "";
            foreach (string word in paragraph.Split(' '))
            {
                string candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && font.MeasureText(candidate) > width - 40) { lines.Add(line); line = word; }
                else line = candidate;
            }
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>Renders each plot at panel size and saves the figure as a PNG (atomically).</summary>
    /// <exception cref="ArgumentException">No plots or columns &lt; 1.</exception>
    public static void Save(string path, IReadOnlyList<Plot> plots, int columns, int panelWidth, int panelHeight, string? title = null)
    {
        if (plots.Count == 0) throw new ArgumentException("a panel figure needs at least one panel", nameof(plots));
        if (columns < 1) throw new ArgumentException($"columns must be ≥ 1, got {columns}", nameof(columns));
        int cols = Math.Min(columns, plots.Count), rows = (plots.Count + cols - 1) / cols, width = cols * panelWidth;
        var lines = title is null ? Array.Empty<string>() : WrapTitle(title, width);
        int top = lines.Count == 0 ? 0 : (int)(lines.Count * LineHeight + 16);
        using var surface = SKSurface.Create(new SKImageInfo(width, rows * panelHeight + top))
            ?? throw new InvalidOperationException($"could not create a {width}×{rows * panelHeight + top} drawing surface");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using (var font = new SKFont(SKTypeface.Default, TitleFontSize))
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
            for (int i = 0; i < lines.Count; i++) canvas.DrawText(lines[i], width / 2f, 30 + i * LineHeight, SKTextAlign.Center, font, paint);
        for (int i = 0; i < plots.Count; i++)
        {
            using var panel = SKImage.FromEncodedData(plots[i].GetImageBytes(panelWidth, panelHeight, ImageFormat.Png));
            canvas.DrawImage(panel, i % cols * panelWidth, top + i / cols * panelHeight);
        }
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, s => png.SaveTo(s));
    }
}
