namespace HessianLab.Problems;

/// <summary>Which conventions an <see cref="MlpProblem"/> follows.</summary>
public enum ProblemPreset
{
    /// <summary>The talk's theory (Assumption 2): LeCun normal weights N(0, 1/fan_in), float64 model, training and Hessian,
    /// cosine schedule over the run's own length.</summary>
    Theory,

    /// <summary>The authors' code (github zyushun/Hessian-structure, <c>train_gaussian.py</c>): PyTorch's default
    /// <c>nn.Linear</c> init U(±1/√fan_in), float32 model, training and Hessian, full-batch Adam lr 1e-4 with
    /// <c>CosineAnnealingLR(T_max = 50,000)</c>, pictures in cividis with vmax = max/100 (full) and max/10, max/100 (layer blocks).</summary>
    Paper,
}
