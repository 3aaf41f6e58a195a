namespace HessianLab.Experiments.Hessians;

/// <summary>Training settings of E2/E6 as written to config.json.</summary>
/// <param name="Steps">Adam steps (full batch, cosine schedule to 0).</param>
/// <param name="LearningRate">Peak learning rate.</param>
/// <param name="SnapshotFractions">Fractions of the run with pictures (besides 0 and 1 step).</param>
/// <param name="CurveFractions">Extra fractions where only the metrics are taken (for the curves).</param>
/// <param name="Note">How this differs from the authors' schedule.</param>
/// <param name="CosinePeriod">T_max of the cosine; null: the run's length (the paper preset: 50,000).</param>
public sealed record TrainingConfig(int Steps, double LearningRate, IReadOnlyList<double> SnapshotFractions,
    IReadOnlyList<double> CurveFractions, string Note, int? CosinePeriod = null)
{
    /// <summary>The optimizer schedule of this config.</summary>
    public Training.TrainingOptions Options => new(Steps, LearningRate, Cosine: true, CosinePeriod);
}
