using System.Globalization;
using ScottPlot;

namespace HessianLab.Plots;

/// <summary>ScottPlot 5 has no logarithmic axis: data are plotted as log10 values and the ticks are relabelled
/// (the ScottPlot cookbook's "log scale" recipe).</summary>
internal static class LogAxes
{
    /// <summary>log10 of positive finite values; null for the rest (left out of the plot).</summary>
    public static double? Log(double v) => v > 0 && double.IsFinite(v) ? Math.Log10(v) : null;

    /// <summary>Makes an axis that carries log10 values read as powers of ten.</summary>
    public static void Apply(IAxis axis)
    {
        // Not restricted to integer exponents: a range inside one decade would get no tick at all.
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            LabelFormatter = Label,
        };
    }

    /// <summary>10^v written compactly and in one style by magnitude: between 1e-3 and 1e5 as the plain value, rounded to
    /// 2 significant digits below 10 and to a whole number above (0.001, 0.0063, 0.01, 3.2, 158, 10000); outside that range
    /// as a mantissa with 2 significant digits and a short exponent (6.3e-5, 1e-4, 1e5), never 6.3E-05.</summary>
    public static string Label(double v)
    {
        double e = Math.Round(v);
        if (Math.Abs(v - e) > 1e-9)
        {
            // No exponent in the readable range (158, not 1.6E+02).
            double x = Math.Pow(10, v);
            if (x is < 1e-3 or >= 1e5) return ShortNumber.Format(x, 2);
            return Math.Round(x, Math.Max(0, 1 - (int)Math.Floor(Math.Log10(x)))).ToString("0.#####", CultureInfo.InvariantCulture);
        }
        // The same ranges as between decades: 0.001 … 10000 plain, beyond that 1e-4, 1e5.
        return e is >= -3 and <= 4 ? Math.Pow(10, e).ToString("0.###", CultureInfo.InvariantCulture) : "1e" + e.ToString(CultureInfo.InvariantCulture);
    }
}
