namespace HessianLab.Experiments.LanguageModel;

/// <summary>One training run of the benchmark.</summary>
/// <param name="Optimizer">adamw, adam-mini, muon, normuon.</param>
/// <param name="LearningRate">Peak learning rate.</param>
/// <param name="Seed">Seed of initialization and batches.</param>
/// <param name="EvalSteps">Steps at which validation loss was measured.</param>
/// <param name="ValidationLoss">Validation loss at those steps.</param>
/// <param name="SecondsPerStep">Processor seconds per optimizer step on one core (training only, one libtorch thread; wall-clock
/// seconds where the system reports no thread clock).</param>
/// <param name="Label">The optimizer's full label (variant, scale convention).</param>
/// <param name="Restarted">Whether the run was restarted from its seed after a libtorch error (same numbers: the run is deterministic).</param>
public sealed record LmRun(string Optimizer, double LearningRate, long Seed, int[] EvalSteps, double[] ValidationLoss, double SecondsPerStep, string Label,
    bool Restarted = false)
{
    /// <summary>Validation loss at the end.</summary>
    public double Final => ValidationLoss[^1];
}
