namespace HessianLab.Optim;

/// <summary>Hyperparameters of the auxiliary AdamW that takes what Muon/NorMuon must not
/// (defaults from KellerJordan/Muon's MuonWithAuxAdam: lr 3e-4, betas (0.9, 0.95), eps 1e-10, wd 0).</summary>
public sealed record AuxAdamWSettings(double LearningRate = 3e-4, double Beta1 = 0.9, double Beta2 = 0.95, double Eps = 1e-10, double WeightDecay = 0)
{
    /// <summary>Label for tables.</summary>
    public override string ToString() => $"AdamW lr {LearningRate:G3}, betas ({Beta1}, {Beta2}), eps {Eps:G3}, wd {WeightDecay}";
}
