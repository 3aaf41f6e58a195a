namespace HessianLab.Models;

/// <summary>Element-wise activation σ of the hidden layers.</summary>
public enum Activation
{
    /// <summary>max(0, z); σ'' = 0 almost everywhere.</summary>
    Relu,
    /// <summary>Exact (erf) GELU, PyTorch's default: z Φ(z).</summary>
    Gelu,
    /// <summary>tanh(z).</summary>
    Tanh,
    /// <summary>σ(z) = z (a deep linear network).</summary>
    Identity,
}
