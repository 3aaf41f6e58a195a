namespace HessianLab.Experiments.Hessians;

/// <summary>E4's settings as written to config.json.</summary>
/// <param name="Dim">d.</param>
/// <param name="Samples">N.</param>
/// <param name="Classes">The values of C.</param>
/// <param name="Seeds">Seeds per C for the CE sweep.</param>
/// <param name="BaseSeed">First seed.</param>
public sealed record E4Config(int Dim, int Samples, IReadOnlyList<int> Classes, int Seeds, long BaseSeed);
