namespace HessianLab.Losses;

/// <summary>Training losses, with PyTorch's conventions (docs/hessian-math.md).</summary>
public enum LossKind
{
    /// <summary>Cross-entropy, mean over samples: ℓ = (1/N) Σ_n -log softmax(z_n)_{y_n}.</summary>
    Ce,
    /// <summary>nn.MSELoss against one-hot targets: mean over all N·C entries, no ½.</summary>
    Mse,
}
