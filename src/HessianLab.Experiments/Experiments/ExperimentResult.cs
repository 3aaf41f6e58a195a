namespace HessianLab.Experiments;

/// <summary>What an experiment printed and wrote.</summary>
/// <param name="Headline">One-sentence finding with the key numbers.</param>
/// <param name="Table">Summary table: first row is the header.</param>
/// <param name="Files">Files written (PNG, JSON, CSV).</param>
/// <param name="Seconds">Wall-clock time of the run.</param>
public sealed record ExperimentResult(string Headline, IReadOnlyList<IReadOnlyList<string>> Table, IReadOnlyList<string> Files, double Seconds);
