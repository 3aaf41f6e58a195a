using HessianLab.Viewer.Rendering;

namespace HessianLab.Tests.Viewer;

public class ColorScaleTests
{
    [Fact]
    public void Linear_scale_divides_by_max_over_k_and_saturates()
    {
        var s = new ColorScale(ScaleKind.Linear, K: 4);
        Assert.Equal(0.5, s.Position(-0.125, maxAbs: 1)); // |v| / (1/4)
        Assert.Equal(1.0, s.Position(0.9, maxAbs: 1));
        Assert.Equal(0.0, s.Position(0, maxAbs: 1));
    }

    [Fact]
    public void Log_scale_spans_the_given_decades_below_vmax()
    {
        var s = new ColorScale(ScaleKind.Log, K: 1, Decades: 4);
        Assert.Equal(1.0, s.Position(2.0, 2.0), 12);
        Assert.Equal(0.75, s.Position(0.2, 2.0), 12);   // one decade below: 1 − 1/4
        Assert.Equal(0.0, s.Position(2e-5, 2.0), 12);   // five decades below: clipped
        Assert.Equal(0.0, s.Position(0, 2.0));
    }

    [Fact]
    public void Signed_map_puts_zero_at_white_and_the_sign_on_either_side()
    {
        var s = new ColorScale(ScaleKind.Linear, Colormap: ColormapName.BlueWhiteRed);
        Assert.Equal(0.5, s.Position(0, 1));
        Assert.Equal(0.25, s.Position(-0.5, 1));
        Assert.Equal(0.75, s.Position(0.5, 1));
        Assert.Equal(((byte)255, (byte)255, (byte)255), s.Color(0, 1));
        Assert.Equal(((byte)0x21, (byte)0x66, (byte)0xAC), s.Color(-1, 1));
        Assert.Equal(((byte)0xB2, (byte)0x18, (byte)0x2B), s.Color(1, 1));
    }

    [Fact]
    public void Viridis_is_ScottPlots_and_cividis_matches_the_published_end_colours()
    {
        var viridis = new ScottPlot.Colormaps.Viridis();
        var lut = Colormaps.Lut(ColormapName.Viridis);
        foreach (int k in new[] { 0, 77, 128, 255 })
        {
            var c = viridis.GetColor(k / 255.0);
            Assert.Equal((c.R, c.G, c.B), (lut[3 * k], lut[3 * k + 1], lut[3 * k + 2]));
        }
        // The published cividis colours at t = 0, 0.2, …, 1 (table entries 0, 51, …, 255) are met exactly.
        var cividis = Colormaps.Lut(ColormapName.Cividis);
        var published = new (int, int, int)[] { (0, 34, 78), (53, 69, 108), (102, 105, 112), (148, 142, 119), (200, 184, 102), (254, 232, 56) };
        for (int a = 0; a < 6; a++)
            Assert.Equal(published[a], ((int)cividis[153 * a], (int)cividis[153 * a + 1], (int)cividis[153 * a + 2]));
        // In between it is monotone in blue-to-yellow lightness (R + G rises).
        for (int k = 1; k < 256; k++) Assert.True(cividis[3 * k] + cividis[3 * k + 1] >= cividis[3 * k - 3] + cividis[3 * k - 2], $"entry {k}");
    }

    [Fact]
    public void Nonpositive_k_and_silly_decades_are_refused_by_name()
    {
        Assert.Equal("K", Assert.Throws<ArgumentException>(() => new ColorScale(K: 0).Validated()).ParamName);
        Assert.Equal("Decades", Assert.Throws<ArgumentException>(() => new ColorScale(Decades: double.NaN).Validated()).ParamName);
    }
}
