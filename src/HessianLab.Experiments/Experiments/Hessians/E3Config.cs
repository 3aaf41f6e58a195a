namespace HessianLab.Experiments.Hessians;

/// <summary>E3's sweep as written to config.json.</summary>
/// <param name="Dim">d.</param>
/// <param name="Hidden">m.</param>
/// <param name="Samples">N.</param>
/// <param name="Classes">The values of C.</param>
/// <param name="Losses">"Ce", "Mse".</param>
/// <param name="Seeds">Seeds per (loss, C): weights seed s, data seed s + 1000.</param>
/// <param name="BaseSeed">First seed.</param>
public sealed record E3Config(int Dim, int Hidden, int Samples, IReadOnlyList<int> Classes, IReadOnlyList<string> Losses, int Seeds, long BaseSeed);
