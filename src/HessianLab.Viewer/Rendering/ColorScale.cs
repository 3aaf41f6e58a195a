namespace HessianLab.Viewer.Rendering;

/// <summary>Value → colour: vmax = max|H| / <paramref name="K"/>, linear or log over <paramref name="Decades"/>
/// decades below vmax; unsigned maps show |v|, the signed map puts 0 at white and ±vmax at red/blue.</summary>
/// <remarks>Position t ∈ [0, 1] in the colour map: unsigned t = s(|v|), signed t = ½ + ½·sign(v)·s(|v|), with
/// s(a) = min(1, a / vmax) (linear) or clamp(1 + log10(a / vmax) / decades, 0, 1) (log; s(0) = 0).
/// NaN is drawn magenta. Defaults: K = 1, 6 decades, viridis.</remarks>
/// <param name="Scale">Linear or log.</param>
/// <param name="K">vmax = max|H| / K (K ≥ 1 saturates the largest entries to show small ones).</param>
/// <param name="Decades">Log range below vmax.</param>
/// <param name="Colormap">Viridis, cividis (unsigned) or blue–white–red (signed).</param>
public sealed record ColorScale(ScaleKind Scale = ScaleKind.Linear, double K = 1, double Decades = 6, ColormapName Colormap = ColormapName.Viridis)
{
    /// <summary>Whether the map shows the sign (blue–white–red).</summary>
    public bool Signed => Colormap == ColormapName.BlueWhiteRed;

    /// <summary>Checks the numbers.</summary>
    /// <exception cref="ArgumentException">K not finite or ≤ 0, decades not in (0, 30].</exception>
    public ColorScale Validated()
    {
        if (!double.IsFinite(K) || K <= 0) throw new ArgumentException($"K must be a positive number, got {K}", nameof(K));
        if (!double.IsFinite(Decades) || Decades <= 0 || Decades > 30) throw new ArgumentException($"Decades must be in (0, 30], got {Decades}", nameof(Decades));
        return this;
    }

    /// <summary>Colour-map position of <paramref name="v"/>, or NaN for NaN.</summary>
    public double Position(double v, double maxAbs)
    {
        if (double.IsNaN(v)) return double.NaN;
        double vmax = maxAbs / K;
        double a = Math.Abs(v);
        double s;
        if (vmax <= 0) s = 0;
        else if (Scale == ScaleKind.Linear) s = Math.Min(1, a / vmax);
        else s = a == 0 ? 0 : Math.Clamp(1 + Math.Log10(a / vmax) / Decades, 0, 1);
        return Signed ? 0.5 + 0.5 * Math.Sign(v) * s : s;
    }

    /// <summary>RGB of <paramref name="v"/>.</summary>
    public (byte R, byte G, byte B) Color(double v, double maxAbs)
    {
        double t = Position(v, maxAbs);
        if (double.IsNaN(t)) return (255, 0, 255);
        var lut = Colormaps.Lut(Colormap);
        int k = (int)Math.Round(255 * t);
        return (lut[3 * k], lut[3 * k + 1], lut[3 * k + 2]);
    }
}
