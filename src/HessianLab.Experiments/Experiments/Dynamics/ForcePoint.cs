namespace HessianLab.Experiments.Dynamics;

/// <summary>H_WV of a 2-layer net at one training step, split into its parts (E12).</summary>
/// <param name="Step">Adam steps done.</param>
/// <param name="Loss">Loss at that step.</param>
/// <param name="Gap">Loss − the run's final loss (the optimality gap as measured).</param>
/// <param name="Residual">‖residual part of H_WV‖_F (the terms linear in r = ∂ℓ/∂z).</param>
/// <param name="Ggn">‖GGN part of H_WV‖_F.</param>
/// <param name="Whole">‖H_WV‖_F.</param>
public sealed record ForcePoint(int Step, double Loss, double Gap, double Residual, double Ggn, double Whole);
