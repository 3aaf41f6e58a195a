namespace HessianLab.Experiments.Hessians;

/// <summary>Structure metrics at one training step (a point of E2's and E6's curves).</summary>
/// <param name="Step">Adam steps done.</param>
/// <param name="Loss">Loss at that step.</param>
/// <param name="Rho">ρ per layer (layer order).</param>
/// <param name="BlockDiagonalShare">Σ_I ‖H_II‖² / ‖H‖² over the neuron blocks.</param>
/// <param name="CrossRelativeNorm">‖H_lk‖_F / ‖H‖_F per off-diagonal layer pair (l &lt; k, row-major order).</param>
/// <param name="CrossGgnRelativeNorm">Same for the GGN part.</param>
/// <param name="CrossResidualRelativeNorm">Same for the residual part.</param>
/// <param name="HessianNorm">‖H‖_F.</param>
public sealed record CurvePoint(int Step, double Loss, IReadOnlyList<double> Rho, double BlockDiagonalShare,
    IReadOnlyList<double> CrossRelativeNorm, IReadOnlyList<double> CrossGgnRelativeNorm, IReadOnlyList<double> CrossResidualRelativeNorm,
    double HessianNorm)
{
    /// <summary>The point of a snapshot.</summary>
    public static CurvePoint From(HessianSnapshot s)
    {
        var m = s.Analysis.Metrics;
        return new CurvePoint(s.Step, s.Loss, m.Layers.Select(l => l.Rho).ToList(), m.BlockDiagonalShare,
            m.LayerPairs.Select(p => p.RelativeNorm).ToList(),
            m.LayerPairs.Select(p => Math.Sqrt(p.GgnShare ?? double.NaN)).ToList(),
            m.LayerPairs.Select(p => Math.Sqrt(p.ResidualShare ?? double.NaN)).ToList(), m.FrobeniusNorm);
    }
}
