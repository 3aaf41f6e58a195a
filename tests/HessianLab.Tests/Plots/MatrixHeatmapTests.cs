using HessianLab.Models;
using HessianLab.Plots;
using HessianLab.Tests.TestSupport;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Plots;

[Collection(TorchCollection.Name)]
public sealed class MatrixHeatmapTests
{
    [Fact]
    public void Pooling_takes_the_max_abs_over_each_f_by_f_block_with_row_0_first()
    {
        using var scope = NewDisposeScope();
        var h = randn(new long[] { 7, 5 }, ScalarType.Float64, generator: new Generator(1));
        var m = h.data<double>().ToArray();

        var d = MatrixHeatmap.Prepare(h, new HeatmapOptions { MaxCells = 3 });

        Assert.Equal(3, d.PoolFactor);                       // ⌈7 / 3⌉
        Assert.Equal(3, d.Pooled.GetLength(0));              // ⌈7 / 3⌉ rows of cells
        Assert.Equal(2, d.Pooled.GetLength(1));              // ⌈5 / 3⌉ columns
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 2; j++)
            {
                double expected = 0;
                for (int a = 3 * i; a < Math.Min(7, 3 * i + 3); a++)
                    for (int b = 3 * j; b < Math.Min(5, 3 * j + 3); b++) expected = Math.Max(expected, Math.Abs(m[a * 5 + b]));
                Assert.Equal(expected, d.Pooled[i, j]);
            }
        Assert.Equal(h.abs().max().item<double>(), d.Max);
    }

    [Fact]
    public void The_linear_scale_saturates_at_max_over_k_and_the_log_scale_spans_the_given_decades()
    {
        using var scope = NewDisposeScope();
        var h = tensor(new double[,] { { 100, -1e-9 }, { 0, -5 } });

        var lin = MatrixHeatmap.Prepare(h, new HeatmapOptions { VmaxDivisor = 50 });
        var log = MatrixHeatmap.Prepare(h, new HeatmapOptions { Scale = HeatmapScale.Log, LogDecades = 4 });

        Assert.Equal(1, lin.PoolFactor);
        Assert.Equal((0.0, 2.0), (lin.ColorMin, lin.ColorMax));
        Assert.Equal(new double[,] { { 2, 1e-9 }, { 0, 2 } }, lin.Display);
        Assert.Equal((-2.0, 2.0), (log.ColorMin, log.ColorMax));
        Assert.Equal(2.0, log.Display[0, 0], 14);
        Assert.Equal(-2.0, log.Display[0, 1]);           // 1e-9 is below the 4 decades: floor colour
        Assert.Equal(-2.0, log.Display[1, 0]);           // exact zero: floor colour
        Assert.Equal(Math.Log10(5), log.Display[1, 1], 14);
        Assert.Contains("vmax = max/50 = 2", MatrixHeatmap.Subtitle(lin, new HeatmapOptions { VmaxDivisor = 50 }));
    }

    [Fact]
    public void The_saved_picture_shows_row_0_at_the_top()
    {
        // Given a matrix whose first quarter of rows is large and the rest zero,
        // the bright (yellow) band must be above the dark (purple) region in the PNG.
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var h = zeros(40, 40, ScalarType.Float64);
        h[TensorIndex.Slice(0, 10), TensorIndex.Colon] = 1.0;
        string path = dir.File("top.png");

        MatrixHeatmap.Save(path, h, new HeatmapOptions { Title = "orientation", Width = 500, Height = 450 });

        using var bmp = SKBitmap.Decode(path);
        int x = bmp.Width * 2 / 5;
        int firstYellow = -1, firstPurple = -1, lastYellow = -1;
        for (int y = 0; y < bmp.Height; y++)
        {
            var c = bmp.GetPixel(x, y);
            bool yellow = c.Red > 200 && c.Green > 200 && c.Blue < 100;
            bool purple = c.Red is > 50 and < 110 && c.Green < 40 && c.Blue > 60 && c.Blue < 110;
            if (yellow) { if (firstYellow < 0) firstYellow = y; lastYellow = y; }
            if (purple && firstPurple < 0) firstPurple = y;
        }
        Assert.True(firstYellow >= 0 && firstPurple >= 0, $"colours not found (yellow {firstYellow}, purple {firstPurple})");
        Assert.True(lastYellow < firstPurple, $"yellow rows {firstYellow}..{lastYellow} should lie above the first purple row {firstPurple}");
        // The band is a quarter of the drawn matrix: the dark part is about three times as tall.
        int lastPurple = Enumerable.Range(0, bmp.Height).Last(y => bmp.GetPixel(x, y) is var c && c.Red < 110 && c.Green < 40 && c.Blue > 60);
        double ratio = (lastPurple - firstPurple + 1) / (double)(lastYellow - firstYellow + 1);
        Assert.InRange(ratio, 2.7, 3.3);
    }

    [Fact]
    public void A_large_matrix_is_pooled_and_rendered_with_layout_grid_lines()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var layout = ParameterLayout.ForMlp(new[] { 60, 6, 60 }, bias: false);   // P = 720
        var h = randn(new long[] { 720, 720 }, ScalarType.Float64, generator: new Generator(2));
        string path = dir.File("big.png");

        var d = MatrixHeatmap.Save(path, h, new HeatmapOptions { MaxCells = 200, VmaxDivisor = 3 }.WithLayoutGrid(layout));

        Assert.Equal(4, d.PoolFactor);
        Assert.Equal(180, d.Pooled.GetLength(0));
        Assert.True(new FileInfo(path).Length > 20_000, "PNG too small to hold a picture");
        Assert.Empty(Directory.GetFiles(dir.Path, ".tmp-*"));
    }

    [Fact]
    public void Panels_are_drawn_side_by_side_in_one_image_of_the_shared_layout_size()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var a = eye(30, dtype: ScalarType.Float64);
        var b = ones(30, 30, ScalarType.Float64);
        string path = dir.File("panels.png");

        var drawn = MatrixHeatmap.SavePanels(path, new[]
        {
            new HeatmapPanel(a, new HeatmapOptions { Title = "identity" }),
            new HeatmapPanel(b, new HeatmapOptions { Title = "ones" }),
            new HeatmapPanel(a, new HeatmapOptions { Title = "log", Scale = HeatmapScale.Log }),
        }, columns: 2, panelWidth: 400, panelHeight: 360, title: "three panels");

        Assert.Equal(3, drawn.Count);
        using var bmp = SKBitmap.Decode(path);
        Assert.Equal(800, bmp.Width);
        Assert.Equal(2 * 360 + 44, bmp.Height);
    }

    [Fact]
    public void A_non_matrix_or_a_bad_option_is_rejected()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => MatrixHeatmap.Prepare(zeros(5, ScalarType.Float64), new HeatmapOptions()));
        var e = Assert.Throws<ArgumentException>(() => MatrixHeatmap.Prepare(zeros(5, 5, ScalarType.Float64), new HeatmapOptions { VmaxDivisor = 0 }));
        Assert.Contains("divisor", e.Message);
    }
}
