namespace HessianLab.Statistics;

/// <summary>Quantiles of Student's t distribution used for 95 % intervals.</summary>
public static class StudentT
{
    // t_{0.975, ν} for ν = 1…30 (standard tables, e.g. Abramowitz & Stegun, Table 26.10).
    private static readonly double[] Table975 =
    {
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    };

    /// <summary>t_{0.975, ν}: the table for ν ≤ 30; beyond, the Cornish–Fisher expansion
    /// z + (z³ + z)/(4ν) + (5z⁵ + 16z³ + 3z)/(96ν²) with z = 1.959964 (error &lt; 1e-3 for ν &gt; 30).</summary>
    /// <exception cref="ArgumentException">ν &lt; 1.</exception>
    public static double Quantile975(int degreesOfFreedom)
    {
        if (degreesOfFreedom < 1) throw new ArgumentException($"degrees of freedom must be ≥ 1, got {degreesOfFreedom}", nameof(degreesOfFreedom));
        if (degreesOfFreedom <= Table975.Length) return Table975[degreesOfFreedom - 1];
        const double z = 1.959964;
        double n = degreesOfFreedom, z3 = z * z * z, z5 = z3 * z * z;
        return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n);
    }
}
