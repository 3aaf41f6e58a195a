namespace HessianLab.Optim;

/// <summary>Hyperparameter checks shared by the optimizers: <see cref="ArgumentException"/> naming the value.</summary>
internal static class OptimGuard
{
    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentException($"Invalid {name}: {value} (must be a finite number ≥ 0)", name);
    }

    public static void Positive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value)) throw new ArgumentException($"Invalid {name}: {value} (must be a finite number > 0)", name);
    }

    public static void Beta(double value, string name)
    {
        if (!(value >= 0 && value < 1)) throw new ArgumentException($"Invalid {name}: {value} (must be in [0, 1))", name);
    }
}
