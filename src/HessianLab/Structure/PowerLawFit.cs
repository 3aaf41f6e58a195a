namespace HessianLab.Structure;

/// <summary>Least-squares fit of log10 y = a + s·log10 x (a power law y ∝ x^s), as used for ρ against C (E3:
/// the talk's Theorem 2 predicts s = -1 for the hidden layer and s = -2 for the output layer).</summary>
/// <param name="Slope">s.</param>
/// <param name="Intercept">a (log10 units).</param>
/// <param name="SlopeStdError">Standard error of s from the residuals: sqrt(SSE/(n-2) / Σ(u - ū)²), u = log10 x;
/// NaN with fewer than 3 points.</param>
/// <param name="RSquared">Coefficient of determination in log-log space.</param>
/// <param name="Points">Number of points used (positive x and y only).</param>
public sealed record PowerLawFit(double Slope, double Intercept, double SlopeStdError, double RSquared, int Points)
{
    /// <summary>Fits the points with x &gt; 0 and y &gt; 0 (others are skipped: they have no logarithm).</summary>
    /// <exception cref="ArgumentException">Different lengths, or fewer than two usable points or distinct x values.</exception>
    public static PowerLawFit Fit(IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        if (xs.Count != ys.Count) throw new ArgumentException($"power-law fit: {xs.Count} x values but {ys.Count} y values");
        var pts = xs.Zip(ys).Where(p => p.First > 0 && p.Second > 0 && double.IsFinite(p.First) && double.IsFinite(p.Second))
            .Select(p => (U: Math.Log10(p.First), V: Math.Log10(p.Second))).ToList();
        int n = pts.Count;
        if (n < 2) throw new ArgumentException($"power-law fit needs at least 2 points with positive x and y, got {n}");
        double mu = pts.Average(p => p.U), mv = pts.Average(p => p.V);
        double suu = pts.Sum(p => (p.U - mu) * (p.U - mu)), suv = pts.Sum(p => (p.U - mu) * (p.V - mv));
        double svv = pts.Sum(p => (p.V - mv) * (p.V - mv));
        if (suu == 0) throw new ArgumentException("power-law fit needs at least two distinct x values");
        double s = suv / suu, a = mv - s * mu;
        double sse = pts.Sum(p => Math.Pow(p.V - a - s * p.U, 2));
        double se = n > 2 ? Math.Sqrt(sse / (n - 2) / suu) : double.NaN;
        double r2 = svv > 0 ? 1 - sse / svv : 1;
        return new PowerLawFit(s, a, se, r2, n);
    }

    /// <summary>The fitted y at x: 10^(a + s·log10 x).</summary>
    public double Predict(double x) => Math.Pow(10, Intercept + Slope * Math.Log10(x));
}
