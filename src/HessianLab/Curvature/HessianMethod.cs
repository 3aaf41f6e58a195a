namespace HessianLab.Curvature;

/// <summary>How a full Hessian is computed (<see cref="HessianBuilder"/>).</summary>
public enum HessianMethod
{
    /// <summary>The exact engine for an <see cref="Models.Mlp"/>, autograd for any other model.</summary>
    Auto,
    /// <summary>One double backward per row (the paper's method): any model, slow.</summary>
    Autograd,
    /// <summary>The closed-form GEMM engine (<see cref="Exact.ExactMlpHessian"/>): MLPs only, hundreds of times faster.</summary>
    Exact,
}
