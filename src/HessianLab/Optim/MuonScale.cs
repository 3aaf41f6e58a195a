namespace HessianLab.Optim;

/// <summary>How Muon/NorMuon scale the orthogonalized update of an m × n weight (docs/optimizers.md: the same lr
/// means different steps under each convention, so every run names the one it used).</summary>
public enum MuonScale
{
    /// <summary>√max(1, m/n): KellerJordan/Muon's reference (default).</summary>
    ShapeRatio,
    /// <summary>0.2·√max(m, n): matches AdamW's update RMS (Moonlight).</summary>
    MatchAdamWRms,
    /// <summary>√(fan_out/fan_in) = √(m/n): the spectral-norm convention.</summary>
    FanRatio,
}

/// <summary>Formulas of <see cref="MuonScale"/>.</summary>
public static class MuonScales
{
    /// <summary>The multiplier for an m × n (out × in) matrix.</summary>
    public static double Factor(MuonScale scale, long m, long n) => scale switch
    {
        MuonScale.ShapeRatio => Math.Sqrt(Math.Max(1.0, (double)m / n)),
        MuonScale.MatchAdamWRms => 0.2 * Math.Sqrt(Math.Max(m, n)),
        MuonScale.FanRatio => Math.Sqrt((double)m / n),
        _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, "unknown Muon scale"),
    };

    /// <summary>Short label, e.g. "sqrt(max(1,m/n))".</summary>
    public static string Label(MuonScale scale) => scale switch
    {
        MuonScale.ShapeRatio => "sqrt(max(1,m/n))",
        MuonScale.MatchAdamWRms => "0.2*sqrt(max(m,n))",
        MuonScale.FanRatio => "sqrt(m/n)",
        _ => scale.ToString(),
    };
}
