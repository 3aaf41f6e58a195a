namespace HessianLab.Experiments.Limits;

/// <summary>ρ of one net at init in E13's sweep.</summary>
/// <param name="Gamma">γ = d/N.</param>
/// <param name="Dim">d.</param>
/// <param name="Samples">N.</param>
/// <param name="Classes">C.</param>
/// <param name="Seed">Seed.</param>
/// <param name="CeHidden">ρ_hidden under CE.</param>
/// <param name="CeOutput">ρ_output under CE.</param>
/// <param name="MseHidden">ρ_hidden under MSE (ρ_output is 0 exactly under MSE).</param>
public sealed record LimitPoint(double Gamma, int Dim, int Samples, int Classes, long Seed, double CeHidden, double CeOutput, double MseHidden);
