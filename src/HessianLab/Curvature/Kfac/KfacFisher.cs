namespace HessianLab.Curvature.Kfac;

/// <summary>Which curvature K-FAC approximates layer by layer.</summary>
public enum KfacFisher
{
    /// <summary>Empirical Fisher (1/N) Σ_n ∇ℓ_n ∇ℓ_nᵀ with the data's labels: G = (1/N) Σ_n g_n g_nᵀ, g_n = ∂ℓ_n/∂z_l.</summary>
    Empirical,

    /// <summary>GGN (1/N) Σ_n J_nᵀ Λ_n J_n, Λ_n = ∂²ℓ_n/∂z_L², which for cross-entropy is the true Fisher — the expectation
    /// over labels drawn from the model's softmax, taken exactly (Λ = diag(p) − p pᵀ = E_{k∼p}[(e_k − p)(e_k − p)ᵀ]),
    /// so the result is deterministic: G = (1/N) Σ_n J_nᵀ Λ_n J_n with J_n = ∂z_L/∂z_l.</summary>
    Ggn,
}
