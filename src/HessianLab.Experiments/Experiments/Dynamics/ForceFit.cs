using HessianLab.Statistics;
using HessianLab.Structure;

namespace HessianLab.Experiments.Dynamics;

/// <summary>Slopes of log ‖part of H_WV‖ against log(loss − final loss) for one setting (E12): per seed (OLS over the
/// points whose gap is at least the final loss, so that the gap is not dominated by what is left at the end), their
/// mean ± 95 % interval over seeds, and the pooled fit over all seeds' points with its 95 % interval.</summary>
/// <param name="Setting">Setting name.</param>
/// <param name="ResidualSlopes">Per-seed slopes of the residual part.</param>
/// <param name="GgnSlopes">Per-seed slopes of the GGN part.</param>
/// <param name="Residual">Mean ± 95 % interval of the residual slopes over seeds.</param>
/// <param name="Ggn">Same for the GGN part.</param>
/// <param name="PooledResidual">Pooled fit of the residual part over all seeds' points.</param>
/// <param name="PooledResidualHalfWidth">t_{0.975, n−2} · its standard error.</param>
/// <param name="ResidualVsLoss">Mean ± 95 % interval over seeds of the slope against log(loss) itself (all steps ≥ 1).</param>
/// <param name="InitialLoss">Mean loss at step 0.</param>
/// <param name="FinalLoss">Mean final loss.</param>
/// <param name="ResidualDrop">Mean over seeds of residual(end) / residual(0).</param>
/// <param name="GgnDrop">Mean over seeds of GGN(end) / GGN(0).</param>
public sealed record ForceFit(string Setting, IReadOnlyList<double> ResidualSlopes, IReadOnlyList<double> GgnSlopes, Interval Residual, Interval Ggn,
    PowerLawFit? PooledResidual, double PooledResidualHalfWidth, Interval ResidualVsLoss, double InitialLoss, double FinalLoss, double ResidualDrop, double GgnDrop)
{
    /// <summary>Fits the curves of one setting (one list of points per seed).</summary>
    public static ForceFit Of(string setting, IReadOnlyList<IReadOnlyList<ForcePoint>> seeds)
    {
        var res = new List<double>(); var ggn = new List<double>(); var vsLoss = new List<double>();
        var pooled = new List<ForcePoint>();
        foreach (var pts in seeds)
        {
            var used = Fitted(pts);
            pooled.AddRange(used);
            res.Add(Slope(used.Select(p => p.Gap), used.Select(p => p.Residual)));
            ggn.Add(Slope(used.Select(p => p.Gap), used.Select(p => p.Ggn)));
            var trained = pts.Where(p => p.Step >= 1).ToList();
            vsLoss.Add(Slope(trained.Select(p => p.Loss), trained.Select(p => p.Residual)));
        }
        PowerLawFit? fit = Try(pooled.Select(p => p.Gap), pooled.Select(p => p.Residual));
        double half = fit is { Points: > 2 } f ? StudentT.Quantile975(f.Points - 2) * f.SlopeStdError : double.NaN;
        return new ForceFit(setting, res, ggn, Interval.Of(res), Interval.Of(ggn), fit, half, Interval.Of(vsLoss),
            seeds.Average(s => s[0].Loss), seeds.Average(s => s[^1].Loss),
            seeds.Average(s => s[^1].Residual / s[0].Residual), seeds.Average(s => s[^1].Ggn / s[0].Ggn));
    }

    /// <summary>The points a gap fit uses: step ≥ 1 and gap ≥ the final loss (gap &gt; 0).</summary>
    public static List<ForcePoint> Fitted(IReadOnlyList<ForcePoint> pts)
    {
        double final = pts[^1].Loss;
        return pts.Where(p => p.Step >= 1 && p.Gap > 0 && p.Gap >= final).ToList();
    }

    private static double Slope(IEnumerable<double> x, IEnumerable<double> y) => Try(x, y)?.Slope ?? double.NaN;

    private static PowerLawFit? Try(IEnumerable<double> x, IEnumerable<double> y)
    {
        try { return PowerLawFit.Fit(x.ToList(), y.ToList()); }
        catch (ArgumentException) { return null; }
    }
}
