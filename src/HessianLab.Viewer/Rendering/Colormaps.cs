namespace HessianLab.Viewer.Rendering;

/// <summary>256-entry RGB look-up tables of the colour maps (index = ⌊255·t + ½⌋ for t ∈ [0, 1]).</summary>
public static class Colormaps
{
    // Published cividis colours (Nuñez et al. 2018, as in matplotlib) at t = 0, 0.2, …, 1; declared before the
    // tables because static fields initialize in order.
    private static readonly (double R, double G, double B)[] CividisAnchors =
        [(0, 34, 78), (53, 69, 108), (102, 105, 112), (148, 142, 119), (200, 184, 102), (254, 232, 56)];

    private static readonly byte[] ViridisLut = Build(t => FromScottPlot(new ScottPlot.Colormaps.Viridis(), t));
    private static readonly byte[] CividisLut = Build(Cividis);
    private static readonly byte[] BwrLut = Build(BlueWhiteRed);

    /// <summary>The table of <paramref name="name"/>: 768 bytes R, G, B for t = 0, 1/255, …, 1.</summary>
    public static ReadOnlySpan<byte> Lut(ColormapName name) => name switch
    {
        ColormapName.Viridis => ViridisLut,
        ColormapName.Cividis => CividisLut,
        ColormapName.BlueWhiteRed => BwrLut,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown colour map"),
    };

    /// <summary>cividis: the degree-5 polynomial fit of d3-scale-chromatic 3.1 (ISC licence, © Mike Bostock), plus
    /// the piecewise-linear interpolation of its residuals at the six published anchor colours, so the map is
    /// exact at t = 0, 0.2, …, 1 and keeps the fit's curvature in between (the bare fit is off by up to 13 units).</summary>
    public static (byte R, byte G, byte B) Cividis(double t)
    {
        t = Math.Clamp(t, 0, 1);
        int k = Math.Min(4, (int)(t * 5));
        double s = t * 5 - k;
        var (r0, g0, b0) = CividisFit(k / 5.0);
        var (r1, g1, b1) = CividisFit((k + 1) / 5.0);
        var (a0, a1) = (CividisAnchors[k], CividisAnchors[k + 1]);
        var (r, g, b) = CividisFit(t);
        return (Channel(r + (1 - s) * (a0.R - r0) + s * (a1.R - r1)),
                Channel(g + (1 - s) * (a0.G - g0) + s * (a1.G - g1)),
                Channel(b + (1 - s) * (a0.B - b0) + s * (a1.B - b1)));
    }

    private static (double R, double G, double B) CividisFit(double t) =>
        (-4.54 - t * (35.34 - t * (2381.73 - t * (6402.7 - t * (7024.72 - t * 2710.57)))),
         32.49 + t * (170.73 + t * (52.82 - t * (131.46 - t * (176.58 - t * 67.37)))),
         81.24 + t * (442.36 - t * (2482.43 - t * (6167.24 - t * (6614.94 - t * 2475.67)))));

    /// <summary>Blue #2166AC at t = 0, white at t = ½ (± ½/255), red #B2182B at t = 1, linear in RGB in between.</summary>
    public static (byte R, byte G, byte B) BlueWhiteRed(double t)
    {
        t = Math.Clamp(t, 0, 1);
        (double r, double g, double b) end = t < 0.5 ? (0x21, 0x66, 0xAC) : (0xB2, 0x18, 0x2B);
        // 0 at white, 1 at either end; the two middle entries of a 256-entry table (t = 127/255, 128/255) are white.
        double s = Math.Max(0, (Math.Abs(2 * t - 1) * 255 - 1) / 254);
        return (Channel(255 + s * (end.r - 255)), Channel(255 + s * (end.g - 255)), Channel(255 + s * (end.b - 255)));
    }

    private static (byte, byte, byte) FromScottPlot(ScottPlot.IColormap map, double t)
    {
        var c = map.GetColor(t);
        return (c.R, c.G, c.B);
    }

    private static byte Channel(double v) => (byte)Math.Clamp(Math.Round(v), 0, 255);

    private static byte[] Build(Func<double, (byte R, byte G, byte B)> f)
    {
        var lut = new byte[256 * 3];
        for (int k = 0; k < 256; k++)
        {
            var (r, g, b) = f(k / 255.0);
            lut[3 * k] = r; lut[3 * k + 1] = g; lut[3 * k + 2] = b;
        }
        return lut;
    }
}
