namespace HessianLab.Experiments.Transformers;

/// <summary>Block energies of a sampled Hessian sub-matrix H[S, S] whose blocks are single neurons (rows of weight matrices).</summary>
/// <param name="Tokenizer">bytes or gpt2.</param>
/// <param name="Classes">Vocabulary size C.</param>
/// <param name="Neurons">Number of sampled neurons (blocks).</param>
/// <param name="DiagonalEnergy">mean_I ‖H_II‖_F².</param>
/// <param name="OffSameMatrix">mean ‖H_IJ‖_F² over I ≠ J in the same weight matrix.</param>
/// <param name="OffCrossMatrix">mean ‖H_IJ‖_F² over I, J in different weight matrices.</param>
/// <param name="SecondsPerRow">Wall-clock seconds per Hessian row (one double backward).</param>
/// <param name="SecondsPerGradient">Wall-clock seconds per gradient on the same batch.</param>
/// <param name="ValidationLoss">Loss of the model on held-out windows when the Hessian was taken.</param>
public sealed record SubBlockMeasurement(string Tokenizer, int Classes, int Neurons, double DiagonalEnergy,
    double OffSameMatrix, double OffCrossMatrix, double SecondsPerRow, double SecondsPerGradient, double ValidationLoss)
{
    /// <summary>ρ within a matrix: off/diag energy ratio (the talk's Theorem 2 quantity).</summary>
    public double RhoSame => OffSameMatrix / DiagonalEnergy;

    /// <summary>ρ across matrices.</summary>
    public double RhoCross => OffCrossMatrix / DiagonalEnergy;

    /// <summary>Hessian row (≈ Hessian-vector product) cost over a gradient's.</summary>
    public double RowOverGradient => SecondsPerRow / SecondsPerGradient;
}
