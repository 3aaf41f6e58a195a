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

    /// <summary>Muon-family optimizers orthogonalize matrices: every parameter must have rank ≥ 2.</summary>
    public static List<TorchSharp.Modules.Parameter> Matrices(IEnumerable<TorchSharp.Modules.Parameter> parameters, string optimizer)
    {
        var ps = parameters.ToList();
        foreach (var p in ps)
            if (p.dim() < 2)
                throw new ArgumentException($"{optimizer} only takes weights of rank ≥ 2, got a parameter of shape [{string.Join(",", p.shape)}]; route it to AdamW");
        return ps;
    }
}
