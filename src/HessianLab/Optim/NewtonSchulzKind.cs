namespace HessianLab.Optim;

/// <summary>Which Newton–Schulz iteration orthogonalizes Muon's update (docs/optimizers.md).</summary>
public enum NewtonSchulzKind
{
    /// <summary>Keller Jordan's quintic, (a, b, c) = (3.4445, −4.7750, 2.0315), 5 steps: maps every
    /// singular value σ ≥ 0.01·‖G‖_F into about [0.68, 1.13] (fast, not exact).</summary>
    Quintic5,

    /// <summary>The modded-nanogpt optimization-benchmark variant, (a, b, c) = (2, −1.5, 0.5), 12 steps:
    /// x = 1 is a super-attracting fixed point, so singular values ≥ ~1e-3·‖G‖_F end at 1 (≈ exact polar factor).</summary>
    Polar12,
}
