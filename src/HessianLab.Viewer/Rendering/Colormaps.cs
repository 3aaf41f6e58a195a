namespace HessianLab.Viewer.Rendering;

/// <summary>256-entry RGB look-up tables of the colour maps (index = ⌊255·t + ½⌋ for t ∈ [0, 1]).</summary>
public static class Colormaps
{
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

    /// <summary>cividis as the degree-5 polynomial fit of d3-scale-chromatic 3.1 (ISC licence, © Mike Bostock),
    /// which matches the published 256-entry table within a few units per channel.</summary>
    public static (byte R, byte G, byte B) Cividis(double t)
    {
        t = Math.Clamp(t, 0, 1);
        return (Channel(-4.54 - t * (35.34 - t * (2381.73 - t * (6402.7 - t * (7024.72 - t * 2710.57))))),
                Channel(32.49 + t * (170.73 + t * (52.82 - t * (131.46 - t * (176.58 - t * 67.37))))),
                Channel(81.24 + t * (442.36 - t * (2482.43 - t * (6167.24 - t * (6614.94 - t * 2475.67))))));
    }

    /// <summary>Blue #2166AC at t = 0, white at t = ½, red #B2182B at t = 1, linear in RGB in between.</summary>
    public static (byte R, byte G, byte B) BlueWhiteRed(double t)
    {
        t = Math.Clamp(t, 0, 1);
        (double r, double g, double b) end = t < 0.5 ? (0x21, 0x66, 0xAC) : (0xB2, 0x18, 0x2B);
        double s = Math.Abs(2 * t - 1); // 0 at white, 1 at either end
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
