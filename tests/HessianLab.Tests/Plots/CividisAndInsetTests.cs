using HessianLab.Plots;
using HessianLab.Tests.TestSupport;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Plots;

/// <summary>matplotlib's cividis table, the shared vmax option, the unpooled insets and the wrapped figure titles.</summary>
[Collection(TorchCollection.Name)]
public sealed class CividisAndInsetTests
{
    [Theory]
    // Rows of matplotlib's _cividis_data (lib/matplotlib/_cm_listed.py): first, the first with red > 0, middle, last.
    [InlineData(0, 0.000000, 0.135112, 0.304751)]
    [InlineData(23, 0.003602, 0.195911, 0.441564)]
    [InlineData(127, 0.485141, 0.482451, 0.470384)]
    [InlineData(128, 0.488697, 0.485318, 0.471008)]
    [InlineData(255, 0.995737, 0.909344, 0.217772)]
    public void Cividis_table_entries_equal_matplotlibs(int index, double r, double g, double b)
    {
        Assert.Equal((r, g, b), CividisColormap.Entry(index));
    }

    [Fact]
    public void Cividis_looks_up_like_matplotlibs_ListedColormap()
    {
        // ListedColormap: index ⌊x·256⌋, x = 1 → 255; matplotlib's cividis(0.5) = (0.488697, 0.485318, 0.471008).
        Assert.Equal(128, CividisColormap.IndexOf(0.5));
        Assert.Equal(255, CividisColormap.IndexOf(1.0));
        Assert.Equal(0, CividisColormap.IndexOf(-0.2));
        Assert.Equal(63, CividisColormap.IndexOf(0.249));
        var c = new CividisColormap().GetColor(0.5);
        Assert.Equal((125, 124, 120), (c.R, c.G, c.B));
        Assert.Throws<ArgumentException>(() => HeatmapColormaps.Of("jet"));
    }

    [Fact]
    public void A_cividis_heatmap_draws_cividis_end_colours_and_no_viridis_ones()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var m = cat(new[] { zeros(20, 10, ScalarType.Float64), ones(20, 10, ScalarType.Float64) }, 1);
        string path = dir.File("c.png");
        MatrixHeatmap.Save(path, m, new HeatmapOptions { Colormap = "cividis" });
        using var bmp = SKBitmap.Decode(path);
        int low = 0, high = 0, viridis = 0;
        for (int y = 0; y < bmp.Height; y++)
            for (int x = 0; x < bmp.Width; x++)
            {
                var p = bmp.GetPixel(x, y);
                if (p is { Red: 0, Green: 34, Blue: 78 }) low++;          // cividis entry 0 in bytes
                if (p is { Red: 254, Green: 232, Blue: 56 }) high++;      // cividis entry 255
                if (p is { Red: 68, Green: 1, Blue: 84 } or { Red: 253, Green: 231, Blue: 37 }) viridis++;
            }
        Assert.True(low > 10_000 && high > 10_000, $"cividis pixels: low {low}, high {high}");
        Assert.Equal(0, viridis);
    }

    [Fact]
    public void A_fixed_vmax_replaces_max_over_k_and_clamps()
    {
        using var scope = NewDisposeScope();
        var m = tensor(new double[,] { { 0.1, -2 }, { 0.5, 0 } });
        var d = MatrixHeatmap.Prepare(m, new HeatmapOptions { Vmax = 0.4, VmaxDivisor = 100 });
        Assert.Equal(0.4, d.ColorMax);
        Assert.Equal(0.4, d.Display[0, 1]);
        Assert.Equal(0.1, d.Display[0, 0]);
        Assert.Throws<ArgumentException>(() => MatrixHeatmap.Prepare(m, new HeatmapOptions { Vmax = -1 }));
    }

    [Fact]
    public void Insets_are_unpooled_copies_of_their_region_on_the_overviews_vmax()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var m = randn(new long[] { 1200, 1000 }, ScalarType.Float64, generator: new Generator(4));
        var region = new InsetRegion(500, 300, 96, 80, "middle");
        var drawn = HeatmapInsets.Save(dir.File("i.png"), m, new HeatmapOptions { VmaxDivisor = 10 }, new[] { region, new InsetRegion(1180, 990, 96, 96, "clipped") });

        Assert.Equal(3, drawn.Count);
        Assert.True(drawn[0].PoolFactor > 1, "the overview is pooled");
        double max = m.abs().max().item<double>();
        Assert.Equal(max / 10, drawn[0].ColorMax, 12);
        var inset = drawn[1];
        Assert.Equal(1, inset.PoolFactor);
        Assert.Equal(drawn[0].ColorMax, inset.ColorMax);
        var expected = m.narrow(0, 500, 96).narrow(1, 300, 80).abs();
        for (int i = 0; i < 96; i += 7)
            for (int j = 0; j < 80; j += 5) Assert.Equal(expected[i, j].item<double>(), inset.Pooled[i, j]);
        Assert.Equal((20L, 10L), (drawn[2].Rows, drawn[2].Columns));   // clipped to the matrix
        Assert.True(HeatmapInsets.PixelsPerEntry(640, 600, 96, 96) >= 1, "one entry ≥ 1 pixel");
        using var bmp = SKBitmap.Decode(dir.File("i.png"));
        Assert.Equal(3 * 640, bmp.Width);
    }

    [Fact]
    public void An_overview_pooled_beforehand_draws_the_same_picture_and_must_cover_the_matrix()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var m = randn(new long[] { 1200, 1000 }, ScalarType.Float64, generator: new Generator(5));
        var options = new HeatmapOptions { VmaxDivisor = 10 };
        var insets = new[] { new InsetRegion(500, 300, 96, 80, "middle") };
        HeatmapInsets.Save(dir.File("own.png"), m, options, insets);
        var pooled = new PooledAbsMax(0, 1200, 0, 1000, options.MaxCells);
        pooled.AddRows(0, m);
        HeatmapInsets.Save(dir.File("shared.png"), m, options, insets, pooled: pooled);
        Assert.Equal(File.ReadAllBytes(dir.File("own.png")), File.ReadAllBytes(dir.File("shared.png")));
        var part = new PooledAbsMax(0, 600, 0, 1000, options.MaxCells);
        Assert.Throws<ArgumentException>(() => HeatmapInsets.Save(dir.File("bad.png"), m, options, insets, pooled: part));
    }

    [Fact]
    public void Long_figure_titles_wrap_to_the_figure_width()
    {
        string title = string.Join(" ", Enumerable.Repeat("H_WV along training on one shared scale", 8));
        var lines = PanelFigure.WrapTitle(title, 600);
        Assert.True(lines.Count > 2, $"{lines.Count} lines");
        using var font = new SKFont(SKTypeface.Default, 22);
        Assert.All(lines, l => Assert.True(font.MeasureText(l) <= 560, l));
        Assert.Equal(title, string.Join(" ", lines));
    }
}
