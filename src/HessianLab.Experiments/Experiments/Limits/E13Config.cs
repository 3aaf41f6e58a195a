namespace HessianLab.Experiments.Limits;

/// <summary>E13's sweep as written to config.json: for each γ and d, N = d/γ; for each C and seed, ρ at init.</summary>
/// <param name="Gammas">γ = d/N, held fixed while d and N grow.</param>
/// <param name="Dims">The input dimensions d (N = round(d/γ)).</param>
/// <param name="Hidden">m, the hidden width (fixed, as in the theorem).</param>
/// <param name="Classes">The values of C.</param>
/// <param name="Seeds">Seeds per point (weights S, data S + 1000).</param>
/// <param name="BaseSeed">First seed.</param>
public sealed record E13Config(IReadOnlyList<double> Gammas, IReadOnlyList<int> Dims, int Hidden, IReadOnlyList<int> Classes, int Seeds, long BaseSeed)
{
    /// <summary>N = round(d / γ).</summary>
    public static int SamplesFor(int dim, double gamma) => (int)Math.Round(dim / gamma);
}
