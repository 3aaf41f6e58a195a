namespace HessianLab.Structure;

/// <summary>One off-diagonal layer block H_{W_l W_k} (l &lt; k) and its share of the Hessian's energy.</summary>
/// <param name="Row">Name of layer l.</param>
/// <param name="Column">Name of layer k.</param>
/// <param name="Distance">k - l (layer distance in the computational graph).</param>
/// <param name="Norm">‖H_lk‖_F.</param>
/// <param name="Share">‖H_lk‖_F² / ‖H‖_F² for this one block (its mirror H_kl has the same share).</param>
/// <param name="RelativeNorm">‖H_lk‖_F / ‖H‖_F (the curve E2 draws).</param>
/// <param name="GgnNorm">‖(H_GGN)_lk‖_F when the GGN part was given, else null.</param>
/// <param name="ResidualNorm">‖(H - H_GGN)_lk‖_F when the residual part was given, else null.</param>
/// <param name="GgnShare">‖(H_GGN)_lk‖_F² / ‖H‖_F², or null.</param>
/// <param name="ResidualShare">‖(H_res)_lk‖_F² / ‖H‖_F², or null. GGN and residual shares need not add up to
/// <paramref name="Share"/>: the two parts are not orthogonal.</param>
public sealed record LayerPairShare(string Row, string Column, int Distance, double Norm, double Share,
    double RelativeNorm, double? GgnNorm = null, double? ResidualNorm = null, double? GgnShare = null, double? ResidualShare = null);
