namespace HessianLab.Curvature;

/// <summary>Which curvature matrix a <see cref="ModuleCurvatureOperator"/> applies.</summary>
public enum CurvatureKind
{
    /// <summary>The Hessian ∂²ℓ/∂θ² (double backward).</summary>
    Hessian,
    /// <summary>The generalized Gauss–Newton Jᵀ H_z J (positive semi-definite for a convex loss of the output).</summary>
    Ggn,
}
