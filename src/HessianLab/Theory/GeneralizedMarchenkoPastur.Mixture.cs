namespace HessianLab.Theory;

public sealed partial class GeneralizedMarchenkoPastur
{
    /// <summary>The average of the generalized MP laws of several distributions of Λ at one ratio, tabulated on a common
    /// grid: the limiting spectral distribution when Λ's law is itself random (e.g. set by network weights whose number
    /// does not grow with d), averaged over its draws.</summary>
    /// <param name="lambdas">The laws H_1 … H_K of Λ (equal weights 1/K).</param>
    /// <param name="ratio">γ = d/n.</param>
    /// <param name="points">Grid points over the union of the supports.</param>
    /// <exception cref="ArgumentException">No law given, or a bad ratio or grid size.</exception>
    public static SpectralDensity Mixture(IReadOnlyList<DiagonalDistribution> lambdas, double ratio, int points = 1500)
    {
        if (lambdas.Count == 0) throw new ArgumentException("the mixture needs at least one law of Λ", nameof(lambdas));
        if (points < 16) throw new ArgumentException($"need at least 16 grid points, got {points}", nameof(points));
        var laws = lambdas.Select(h => new GeneralizedMarchenkoPastur(h, ratio)).ToArray();
        var supports = laws.Select(l => l.ToSpectralDensity(400)).ToArray();
        double lo = supports.Min(s => s.Grid[0]), hi = supports.Max(s => s.Grid[^1]);
        var xs = Enumerable.Range(0, points).Select(i => lo + (hi - lo) * i / (points - 1)).ToArray();
        var sum = new double[points];
        foreach (var law in laws)
        {
            var ys = law.Densities(xs);
            for (int i = 0; i < points; i++) sum[i] += ys[i] / laws.Length;
        }
        return new SpectralDensity(xs, sum, laws.Average(l => l.AtomAtZero));
    }
}
