namespace HessianLab.Runs;

/// <summary>What a training run produced.</summary>
/// <param name="Label">The optimizer variant used (names NorMuon's step rule, Muon's scale, the aux AdamW).</param>
/// <param name="Routing">Routing table (header first).</param>
/// <param name="Losses">Loss before each step and after the last (Steps + 1 values).</param>
/// <param name="LossTable">Selected steps (header first): step, learning rate, loss.</param>
/// <param name="Files">Files written.</param>
/// <param name="Seconds">Wall-clock time.</param>
public sealed record TrainRunResult(string Label, IReadOnlyList<IReadOnlyList<string>> Routing, double[] Losses,
    IReadOnlyList<IReadOnlyList<string>> LossTable, IReadOnlyList<string> Files, double Seconds);
