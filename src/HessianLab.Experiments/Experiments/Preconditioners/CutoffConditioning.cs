namespace HessianLab.Experiments.Preconditioners;

/// <summary>Conditioning of P^{1/2} H₊ P^{1/2} at one relative eigenvalue cut-off c.</summary>
/// <param name="Cutoff">c: eigenvalues μ ≤ c·μ₁ count as zero.</param>
/// <param name="Rank">r_c: eigenvalues above the cut-off (the conditioned subspace, inside range(P)).</param>
/// <param name="KappaRange">μ₁/μ_{r_c}: κ on the span the preconditioner reaches.</param>
/// <param name="KappaWhole">μ₁/max(μ_P, c·μ₁) over all P_l eigenvalues: κ on the whole space, where any direction P (or H₊)
/// leaves at zero counts as 1/c (the value saturates at 1/c when r_c &lt; P_l).</param>
public sealed record CutoffConditioning(double Cutoff, int Rank, double KappaRange, double KappaWhole);
