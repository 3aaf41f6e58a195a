using HessianLab.Statistics;

namespace HessianLab.Experiments.LanguageModel;

/// <summary>E11's significance rules on per-seed final validation losses.</summary>
/// <remarks>The modded-NanoGPT benchmark accepts a record when the mean final validation loss over its runs is below the
/// target at p &lt; 0.01 (one-sided t-test). Here: "A below target" when (target − mean_A) / (sd_A/√n_A) exceeds the
/// one-sided 99 % Student t quantile with n_A − 1 degrees of freedom; "A beats B" when Welch's statistic
/// (mean_B − mean_A) / √(sd_A²/n_A + sd_B²/n_B) exceeds that quantile with min(n_A, n_B) − 1 degrees of freedom (conservative).</remarks>
public static class E11Significance
{
    /// <summary>One-sided 99 % Student t quantiles, 1 … 10 degrees of freedom (beyond: the normal 2.326 as a floor).</summary>
    public static double Quantile99(int degreesOfFreedom) => degreesOfFreedom switch
    {
        < 1 => throw new ArgumentException($"degrees of freedom must be ≥ 1, got {degreesOfFreedom}", nameof(degreesOfFreedom)),
        1 => 31.821, 2 => 6.965, 3 => 4.541, 4 => 3.747, 5 => 3.365, 6 => 3.143, 7 => 2.998, 8 => 2.896, 9 => 2.821, 10 => 2.764,
        _ => 2.326 + 4.0 / degreesOfFreedom,
    };

    /// <summary>t statistic of "mean of <paramref name="values"/> below <paramref name="target"/>" and whether it passes the 99 % rule.</summary>
    public static (double T, bool Significant) BelowTarget(IReadOnlyList<double> values, double target)
    {
        if (values.Count < 2) return (double.NaN, false);
        double m = values.Average(), sd = StandardDeviation(values);
        double t = (target - m) / (sd / Math.Sqrt(values.Count));
        return (t, t > Quantile99(values.Count - 1));
    }

    /// <summary>Welch statistic of "A's mean is lower than B's" and whether it passes the 99 % rule.</summary>
    public static (double T, bool Significant) Beats(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count < 2 || b.Count < 2) return (double.NaN, false);
        double se = Math.Sqrt(Math.Pow(StandardDeviation(a), 2) / a.Count + Math.Pow(StandardDeviation(b), 2) / b.Count);
        double t = (b.Average() - a.Average()) / se;
        return (t, t > Quantile99(Math.Min(a.Count, b.Count) - 1));
    }

    private static double StandardDeviation(IReadOnlyList<double> v)
    {
        double m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Count - 1));
    }
}
