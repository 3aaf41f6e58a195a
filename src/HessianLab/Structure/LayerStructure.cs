namespace HessianLab.Structure;

/// <summary>Structure of one layer's diagonal block H_ll, seen through its neuron blocks.</summary>
/// <param name="Name">Layer name, e.g. "W1".</param>
/// <param name="Blocks">Number n of neuron blocks in the layer.</param>
/// <param name="BlockSize">Entries per block (for a custom partition with unequal blocks: the largest).</param>
/// <param name="Rho">Off/diag energy ratio ρ = mean_{I≠J} ‖H_IJ‖_F² / mean_I ‖H_II‖_F² over the layer's blocks
/// (talk's Theorem 2); NaN with a single block or a zero diagonal.</param>
/// <param name="MeanDiagonalEnergy">mean_I ‖H_II‖_F².</param>
/// <param name="MeanOffDiagonalEnergy">mean_{I≠J} ‖H_IJ‖_F².</param>
/// <param name="DiagonalShare">Σ_I ‖H_II‖_F² / ‖H_ll‖_F²: the block-diagonal share inside the layer block.</param>
/// <param name="Share">‖H_ll‖_F² / ‖H‖_F²: the layer block's share of the whole Hessian.</param>
public sealed record LayerStructure(string Name, int Blocks, int BlockSize, double Rho,
    double MeanDiagonalEnergy, double MeanOffDiagonalEnergy, double DiagonalShare, double Share);
