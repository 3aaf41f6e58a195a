namespace HessianLab.Spectra;

/// <summary>Eigenvalues and per-draw moments of many draws of A = (1/n) X Λ Xᵀ.</summary>
/// <param name="Options">The sizes used.</param>
/// <param name="Source">Name of the Λ source.</param>
/// <param name="Eigenvalues">All eigenvalues, draw after draw (Draws · d values, ascending within a draw).</param>
/// <param name="FirstMoments">tr(A)/d per draw (mean eigenvalue).</param>
/// <param name="SecondMoments">tr(A²)/d per draw (mean squared eigenvalue, ‖A‖_F²/d).</param>
/// <param name="IndependentFirstMoments">E[tr(A)/d | Λ] = (1/n) Σ τ_i per draw, the value if X were independent of this Λ.</param>
/// <param name="IndependentSecondMoments">E[tr(A²)/d | Λ] = (d + 1)/n² Σ τ_i² + (Σ τ_i/n)² per draw (Wick), likewise.</param>
/// <param name="LambdaValues">All diagonal entries of Λ, draw after draw (Draws · n values).</param>
public sealed record SpectrumSample(RandomMatrixOptions Options, string Source, double[] Eigenvalues,
    double[] FirstMoments, double[] SecondMoments, double[] IndependentFirstMoments, double[] IndependentSecondMoments,
    double[] LambdaValues)
{
    /// <summary>Mean over draws and its standard error (sample standard deviation / √draws).</summary>
    public static (double Mean, double StdErr) MeanAndError(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        if (values.Count < 2) return (mean, double.NaN);
        double ss = values.Sum(v => (v - mean) * (v - mean));
        return (mean, Math.Sqrt(ss / (values.Count - 1) / values.Count));
    }

    /// <summary>Fraction of eigenvalues with |λ| ≤ tol · max|λ| (the empirical weight of the atom at 0).</summary>
    public double ZeroFraction(double relativeTolerance = 1e-9)
    {
        double max = Eigenvalues.Max(Math.Abs);
        return Eigenvalues.Count(v => Math.Abs(v) <= relativeTolerance * max) / (double)Eigenvalues.Length;
    }
}
