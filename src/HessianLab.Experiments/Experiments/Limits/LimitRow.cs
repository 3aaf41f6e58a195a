using HessianLab.Statistics;

namespace HessianLab.Experiments.Limits;

/// <summary>E13's summary at one (γ, d): the scaled ratios per C and the slopes against C, each as mean ± 95 % over seeds.</summary>
/// <param name="Gamma">γ.</param>
/// <param name="Dim">d.</param>
/// <param name="Samples">N.</param>
/// <param name="MseHiddenTimesC">ρ_hidden(MSE)·C per C (Theorem 2: O(1/C), so bounded in C).</param>
/// <param name="CeOutputTimesC2">ρ_output(CE)·C² per C (Theorem 2: O(1/C²)).</param>
/// <param name="CeHiddenTimesC">ρ_hidden(CE)·C per C (not covered by the theorem).</param>
/// <param name="CeHiddenSlope">Per-seed slope of log ρ_hidden(CE) on log C, mean ± 95 %.</param>
/// <param name="MseHiddenSlope">Same under MSE.</param>
/// <param name="CeOutputSlope">Slope of log ρ_output(CE) on log C.</param>
public sealed record LimitRow(double Gamma, int Dim, int Samples, IReadOnlyDictionary<int, Interval> MseHiddenTimesC,
    IReadOnlyDictionary<int, Interval> CeOutputTimesC2, IReadOnlyDictionary<int, Interval> CeHiddenTimesC,
    Interval CeHiddenSlope, Interval MseHiddenSlope, Interval CeOutputSlope)
{
    /// <summary>Summarizes the points of one (γ, d).</summary>
    public static LimitRow Of(double gamma, int dim, IReadOnlyList<LimitPoint> points)
    {
        var classes = points.Select(p => p.Classes).Distinct().OrderBy(c => c).ToList();
        Dictionary<int, Interval> Scaled(Func<LimitPoint, double> f, int power) => classes.ToDictionary(c => c,
            c => Interval.Of(points.Where(p => p.Classes == c).Select(p => f(p) * Math.Pow(c, power))));
        Interval Slope(Func<LimitPoint, double> f) => Interval.Of(points.GroupBy(p => p.Seed).Select(g =>
        {
            try { return Structure.PowerLawFit.Fit(g.Select(p => (double)p.Classes).ToList(), g.Select(f).ToList()).Slope; }
            catch (ArgumentException) { return double.NaN; }
        }));
        return new LimitRow(gamma, dim, points[0].Samples, Scaled(p => p.MseHidden, 1), Scaled(p => p.CeOutput, 2), Scaled(p => p.CeHidden, 1),
            Slope(p => p.CeHidden), Slope(p => p.MseHidden), Slope(p => p.CeOutput));
    }
}
