using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Optim;
using HessianLab.Problems;

namespace HessianLab.Runs;

/// <summary>A full-batch MLP training run with one of the four optimizers (`hessianlab train`).</summary>
/// <param name="Optimizer">Optimizer settings (kind, lr, wd, variants, routing).</param>
/// <param name="Widths">MLP widths d, hidden…, C (default the talk's 500,8,500).</param>
/// <param name="Activation">σ.</param>
/// <param name="Loss">Loss.</param>
/// <param name="Data">Data kind.</param>
/// <param name="Samples">N.</param>
/// <param name="Steps">Optimizer steps.</param>
/// <param name="Cosine">Cosine schedule to 0 (the talk's); false: constant.</param>
/// <param name="Seed">Seed S: weights S, data S + 1000 (<see cref="MlpProblem"/>'s convention).</param>
/// <param name="OutDir">The result folder (replaced as a whole).</param>
/// <param name="Preset">The problem's conventions (<see cref="MlpPresets"/>): theory (default: LeCun init, float64) or paper
/// (torch U(±1/√fan_in) init, float32, and the schedule's T_max = 50,000 as in the authors' code).</param>
public sealed record TrainRunOptions(OptimizerSettings Optimizer, int[] Widths, Activation Activation = Activation.Relu,
    LossKind Loss = LossKind.Ce, DataKind Data = DataKind.Gaussian, int Samples = 5000, int Steps = 1000, bool Cosine = true,
    long Seed = 0, string OutDir = "results/train", ProblemPreset Preset = ProblemPreset.Theory)
{
    /// <summary>The MLP problem these options describe (training length and rate are the optimizer's, see <see cref="TrainRun"/>).</summary>
    public MlpProblem Problem() => MlpPresets.Apply(Preset,
        MlpPresets.Theory(Widths, Samples, Steps, seed: Seed, loss: Loss, data: Data) with { Activation = Activation });

    /// <summary>Checks the sizes.</summary>
    public TrainRunOptions Validated()
    {
        new MlpSpec(Widths).Validated();
        if (Samples <= 0) throw new ArgumentException($"samples must be positive, got {Samples}", nameof(Samples));
        if (Steps < 1) throw new ArgumentException($"steps must be ≥ 1, got {Steps}", nameof(Steps));
        if (Optimizer.LearningRate is { } lr && !(lr > 0 && double.IsFinite(lr))) throw new ArgumentException($"learning rate must be a positive number, got {lr}", nameof(Optimizer));
        if (Optimizer.WeightDecay is { } wd && !(wd >= 0 && double.IsFinite(wd))) throw new ArgumentException($"weight decay must be ≥ 0, got {wd}", nameof(Optimizer));
        return this;
    }
}
