namespace HessianLab.Data;

/// <summary>The synthetic data sets of the talk's experiments (docs/experiments.md).</summary>
public enum DataKind
{
    /// <summary>x ~ N(0, I_d), labels uniform in {0..C-1} independent of x (pure noise labels).</summary>
    Gaussian,
    /// <summary>C random unit-vector centres; x = centre + 0.05·N(0, I); label = cluster.</summary>
    Clusters,
}
