namespace HessianLab.Curvature.Exact;

/// <summary>Which part of the Hessian to compute (docs/hessian-math.md, "The Hessian, block (l, k)").</summary>
/// <remarks>H = GGN + residual. The GGN is (1/N) Σ_n J_nᵀ Λ_n J_n (Λ = ∂²L/∂z_L²); the residual is
/// every term proportional to r = ∂L/∂z_L (σ'' terms and the cross-layer δ·J terms): the talk's
/// "dynamic force", which vanishes as the loss reaches its optimum.</remarks>
public enum HessianPart
{
    /// <summary>The whole Hessian H = GGN + residual.</summary>
    Full,
    /// <summary>The generalized Gauss–Newton part Σ_n B_lᵀ Λ B_k ⊗ a_{l-1} a_{k-1}ᵀ / N.</summary>
    Ggn,
    /// <summary>The residual part H − GGN (linear in r).</summary>
    Residual,
}
