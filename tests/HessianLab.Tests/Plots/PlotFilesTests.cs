using HessianLab.Plots;
using SkiaSharp;

namespace HessianLab.Tests.Plots;

public sealed class PlotFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hl-png-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The faster encoder settings change the file, not the picture: every pixel equals ScottPlot's own PNG up to
    /// one level of rounding at a few anti-aliased edge pixels (measured: 29 of 307,200, by 1), which comes from the
    /// surface's pixel format, not from the (lossless) encoding.</summary>
    [Fact]
    public void The_saved_png_has_exactly_the_pixels_of_scottplots_own_png()
    {
        var values = new double[60, 80];
        for (int i = 0; i < 60; i++)
            for (int j = 0; j < 80; j++) values[i, j] = Math.Sin(i * 0.3) * Math.Cos(j * 0.2);
        var plot = new ScottPlot.Plot();
        plot.Add.Heatmap(values);
        plot.Title("pixels");
        string ours = Path.Combine(_dir, "ours.png"), theirs = Path.Combine(_dir, "theirs.png");

        PlotFiles.SavePng(plot, ours, 640, 480);
        plot.SavePng(theirs, 640, 480);

        using var a = SKBitmap.Decode(ours);
        using var b = SKBitmap.Decode(theirs);
        Assert.Equal((640, 480), (a.Width, a.Height));
        Assert.Equal((b.Width, b.Height), (a.Width, a.Height));
        int differ = 0, maxDelta = 0;
        for (int y = 0; y < a.Height; y++)
            for (int x = 0; x < a.Width; x++)
            {
                SKColor p = a.GetPixel(x, y), q = b.GetPixel(x, y);
                int d = Math.Max(Math.Max(Math.Abs(p.Red - q.Red), Math.Abs(p.Green - q.Green)), Math.Max(Math.Abs(p.Blue - q.Blue), Math.Abs(p.Alpha - q.Alpha)));
                if (d > 0) differ++;
                maxDelta = Math.Max(maxDelta, d);
            }
        Assert.True(maxDelta <= 1 && differ <= a.Width * a.Height / 1000, $"{differ} pixels differ, by up to {maxDelta}");
    }
    [Fact]
    public void The_file_holds_exactly_the_bytes_encoded_in_memory()
    {
        var plot = new ScottPlot.Plot();
        plot.Add.Heatmap(new double[,] { { 1, 2 }, { 3, 4 } });
        string path = Path.Combine(_dir, "bytes.png");
        PlotFiles.SavePng(plot, path, 300, 200);
        using var bytes = PlotFiles.EncodePng(plot, 300, 200);
        Assert.Equal(bytes.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public async Task The_warm_up_draws_a_heatmap_and_a_block_map_and_writes_no_file()
    {
        var before = Directory.GetFiles(Environment.CurrentDirectory);
        long size = await PlotWarmUp.StartInBackground();
        Assert.True(size > 2000, $"{size} bytes");
        Assert.Equal(before, Directory.GetFiles(Environment.CurrentDirectory));
    }
}
