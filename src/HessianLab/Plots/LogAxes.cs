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
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = Label,
        };
    }

    /// <summary>10^v written compactly (1, 10, 100, 1000, else 1e-3 style).</summary>
    public static string Label(double v)
    {
        double e = Math.Round(v);
        return e is >= 0 and <= 3 ? Math.Pow(10, e).ToString(CultureInfo.InvariantCulture) : "1e" + e.ToString(CultureInfo.InvariantCulture);
    }
}
