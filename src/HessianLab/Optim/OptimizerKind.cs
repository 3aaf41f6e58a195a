namespace HessianLab.Optim;

/// <summary>The optimizers of the talk's Part III (CLI names adamw, adam-mini, muon, normuon, shampoo).</summary>
public enum OptimizerKind
{
    /// <summary>AdamW on every parameter.</summary>
    AdamW,
    /// <summary>Adam-mini on every parameter (blocks from the model's structure).</summary>
    AdamMini,
    /// <summary>Muon on hidden weights + auxiliary AdamW.</summary>
    Muon,
    /// <summary>NorMuon on hidden weights + auxiliary AdamW.</summary>
    NorMuon,
    /// <summary>Shampoo on every weight matrix, diagonal AdaGrad fallback on biases.</summary>
    Shampoo,
}
