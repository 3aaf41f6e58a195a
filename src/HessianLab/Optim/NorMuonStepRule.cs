namespace HessianLab.Optim;

/// <summary>NorMuon's step-size rule (docs/optimizers.md). Every output of a NorMuon run names the rule used.</summary>
public enum NorMuonStepRule
{
    /// <summary>The official code: Ô = O / (√v + ε) per row, rescale to ‖O‖_F, then the Muon shape scale; W −= η Ô.</summary>
    Code,
    /// <summary>The paper's Algorithm 1: Ô = O / (√v + ε) per row (the slide's "⊙" is a typo for division),
    /// η̂ = 0.2 η √(mn) / ‖Ô‖_F (update RMS 0.2η); W −= η̂ Ô.</summary>
    Paper,
    /// <summary>The modded-nanogpt optimization benchmark's: one second moment per entry of the longer side (per row
    /// when m ≥ n, per column otherwise), Ô = O · rsqrt(max(v, ε)), rescale to ‖O‖_F, then the Muon shape scale; W −= η Ô.</summary>
    Benchmark,
}
