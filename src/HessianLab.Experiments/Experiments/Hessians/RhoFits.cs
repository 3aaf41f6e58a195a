using HessianLab.Plots;
using HessianLab.Structure;

namespace HessianLab.Experiments.Hessians;

/// <summary>Summaries and log-log fits of ρ against C over seeds (E3, E4).</summary>
public static class RhoFits
{
    /// <summary>A fit of log10 ρ on log10 C: OLS over all seed points (slope ± its standard error), and the
    /// spread of per-seed slopes (mean ± standard error over seeds).</summary>
    /// <param name="Loss">Loss.</param>
    /// <param name="Layer">"hidden" or "output".</param>
    /// <param name="Fit">Pooled OLS fit, or null when fewer than two positive points exist (e.g. ρ = 0 exactly).</param>
    /// <param name="SeedSlopeMean">Mean of the per-seed slopes (NaN with fewer than one usable seed).</param>
    /// <param name="SeedSlopeStdError">Standard deviation of the per-seed slopes / √K (NaN for K &lt; 2).</param>
    /// <param name="Theory">The slope the talk's Theorem 2 predicts.</param>
    public sealed record LayerFit(string Loss, string Layer, PowerLawFit? Fit, double SeedSlopeMean, double SeedSlopeStdError, double Theory);

    /// <summary>Mean and standard error over seeds of ρ for each (loss, C).</summary>
    public sealed record Summary(string Loss, int Classes, double HiddenMean, double HiddenStdError, double OutputMean, double OutputStdError, int Seeds);

    /// <summary>Per (loss, C): mean ± standard error over seeds.</summary>
    public static List<Summary> Summarize(IReadOnlyList<RhoPoint> points) =>
        points.GroupBy(p => (p.Loss, p.Classes)).Select(g =>
        {
            var (hm, hs) = MeanSe(g.Select(p => p.RhoHidden).ToList());
            var (om, os) = MeanSe(g.Select(p => p.RhoOutput).ToList());
            return new Summary(g.Key.Loss, g.Key.Classes, hm, hs, om, os, g.Count());
        }).ToList();

    /// <summary>Fits ρ ∝ C^s for one loss and layer.</summary>
    public static LayerFit FitLayer(IReadOnlyList<RhoPoint> points, string loss, bool hidden, double theory)
    {
        var ps = points.Where(p => p.Loss == loss).ToList();
        double Y(RhoPoint p) => hidden ? p.RhoHidden : p.RhoOutput;
        PowerLawFit? pooled = TryFit(ps.Select(p => (double)p.Classes).ToList(), ps.Select(Y).ToList());
        var seedSlopes = ps.GroupBy(p => p.Seed)
            .Select(g => TryFit(g.Select(p => (double)p.Classes).ToList(), g.Select(Y).ToList())?.Slope)
            .Where(s => s is not null).Select(s => s!.Value).ToList();
        var (mean, se) = MeanSe(seedSlopes);
        return new LayerFit(loss, hidden ? "hidden" : "output", pooled, mean, se, theory);
    }

    /// <summary>The series of a log-log plot: means with error bars and the pooled fit (layers whose ρ is never positive are left out).</summary>
    public static List<FitSeries> Series(IReadOnlyList<Summary> summary, IEnumerable<LayerFit> fits, string loss)
    {
        var list = new List<FitSeries>();
        foreach (var f in fits.Where(f => f.Loss == loss && f.Fit is not null))
        {
            var s = summary.Where(x => x.Loss == loss).OrderBy(x => x.Classes).ToList();
            bool h = f.Layer == "hidden";
            list.Add(new FitSeries($"ρ {f.Layer} ({loss}), mean ± s.e. over seeds", s.Select(x => (double)x.Classes).ToList(),
                s.Select(x => h ? x.HiddenMean : x.OutputMean).ToList(), s.Select(x => h ? x.HiddenStdError : x.OutputStdError).ToList(), f.Fit));
        }
        return list;
    }

    private static PowerLawFit? TryFit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        try { return PowerLawFit.Fit(x, y); }
        catch (ArgumentException) { return null; }
    }

    /// <summary>Mean and standard error (sd / √n, NaN for n &lt; 2) of finite values.</summary>
    public static (double Mean, double StdError) MeanSe(IReadOnlyList<double> values)
    {
        var v = values.Where(double.IsFinite).ToList();
        if (v.Count == 0) return (double.NaN, double.NaN);
        double m = v.Average();
        if (v.Count < 2) return (m, double.NaN);
        double sd = Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Count - 1));
        return (m, sd / Math.Sqrt(v.Count));
    }
}
