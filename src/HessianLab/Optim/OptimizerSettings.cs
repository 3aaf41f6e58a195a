namespace HessianLab.Optim;

/// <summary>Settings to build an optimizer for an MLP (immutable; the CLI maps its options onto this).</summary>
/// <param name="Kind">Which optimizer.</param>
/// <param name="LearningRate">Main learning rate; null: the optimizer's default (AdamW/Adam-mini 1e-3, Muon/NorMuon 0.02, Shampoo 0.01).</param>
/// <param name="WeightDecay">Decoupled weight decay of the main optimizer; null: its default (AdamW 0.01, others 0).</param>
/// <param name="StepRule">NorMuon step-size rule (default the official code's).</param>
/// <param name="NewtonSchulz">Newton–Schulz variant for Muon/NorMuon.</param>
/// <param name="Scale">Muon/NorMuon update-scale convention.</param>
/// <param name="OutputLayerToAdamW">Muon/NorMuon: treat the MLP's last layer as the head (→ AdamW).</param>
/// <param name="Aux">Auxiliary AdamW of Muon/NorMuon.</param>
/// <param name="ShampooInterval">Shampoo: steps between recomputing L^{-1/4} and R^{-1/4} (default 1).</param>
public sealed record OptimizerSettings(
    OptimizerKind Kind,
    double? LearningRate = null,
    double? WeightDecay = null,
    NorMuonStepRule StepRule = NorMuonStepRule.Code,
    NewtonSchulzKind NewtonSchulz = NewtonSchulzKind.Quintic5,
    MuonScale Scale = MuonScale.ShapeRatio,
    bool OutputLayerToAdamW = true,
    AuxAdamWSettings? Aux = null,
    int ShampooInterval = 1);
