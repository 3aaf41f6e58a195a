using System.Globalization;

namespace HessianLab.Plots;

/// <summary>Numbers written short enough for a tick or a cell: plain between 1e-3 and 1e5 (0.00065, 1200), otherwise
/// a mantissa and a short exponent (6.3e-5, 3.2e7) — one style for every label of a picture.</summary>
internal static class ShortNumber
{
    /// <summary><paramref name="v"/> rounded to <paramref name="digits"/> significant digits (≥ 1).</summary>
    public static string Format(double v, int digits)
    {
        double a = Math.Abs(v);
        if (a == 0 || !double.IsFinite(v)) return v.ToString(CultureInfo.InvariantCulture);
        int k = (int)Math.Floor(Math.Log10(a));
        double m = Math.Round(v / Math.Pow(10, k), digits - 1);
        if (Math.Abs(m) >= 10) { m /= 10; k++; }
        if (a is >= 1e-3 and < 1e5 && k is >= -3 and < 5)
            return (m * Math.Pow(10, k)).ToString("0.#########", CultureInfo.InvariantCulture);
        return m.ToString("0." + new string('#', Math.Max(0, digits - 1)), CultureInfo.InvariantCulture) + "e" + k.ToString(CultureInfo.InvariantCulture);
    }
}
