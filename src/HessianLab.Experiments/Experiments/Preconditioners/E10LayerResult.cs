namespace HessianLab.Experiments.Preconditioners;

/// <summary>E10's numbers for one weight matrix.</summary>
/// <param name="Layer">"W1", "W2", ….</param>
/// <param name="Rows">m.</param>
/// <param name="Cols">n.</param>
/// <param name="LambdaMax">Largest Hessian eigenvalue of the block.</param>
/// <param name="NegativeShare">Σ|λ₋| / Σ|λ| of the block (how indefinite it is).</param>
/// <param name="Kronecker">Which Kronecker order equals the Muon update.</param>
/// <param name="Qualities">One row per preconditioner.</param>
public sealed record E10LayerResult(string Layer, long Rows, long Cols, double LambdaMax, double NegativeShare,
    KroneckerOrderCheck Kronecker, IReadOnlyList<PreconditioningQuality> Qualities);
