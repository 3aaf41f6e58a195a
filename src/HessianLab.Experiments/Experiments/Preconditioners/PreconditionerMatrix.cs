using static TorchSharp.torch;

namespace HessianLab.Experiments.Preconditioners;

/// <summary>A preconditioner of one weight block materialized as a dense P × P matrix in θ (row-major) order,
/// with its PSD square root.</summary>
/// <param name="Name">Short name (e.g. "Adam").</param>
/// <param name="Formula">How it was built, e.g. "I_m kron pinv(M^T M)^(1/2)" (the pseudo-inverse square root).</param>
/// <param name="Matrix">P (symmetric PSD).</param>
/// <param name="Sqrt">P^{1/2} (symmetric PSD, P^{1/2} P^{1/2} = P).</param>
/// <param name="Rank">rank(P) when the factory knows it (Muon: m·rank(MᵀM)); null: full rank.</param>
public sealed record PreconditionerMatrix(string Name, string Formula, Tensor Matrix, Tensor Sqrt, long? Rank = null);
