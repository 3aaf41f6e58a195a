namespace HessianLab.Training;

/// <summary>Full-batch training settings (docs/experiments.md: Adam, lr 1e-4, PyTorch default betas/eps,
/// all N samples each step, cosine schedule to 0 over the run).</summary>
/// <param name="Steps">Number of optimizer steps (0: no training).</param>
/// <param name="LearningRate">Peak learning rate.</param>
/// <param name="Cosine">Cosine-anneal the rate to 0 over <paramref name="Steps"/>.</param>
public sealed record TrainingOptions(int Steps, double LearningRate = 1e-4, bool Cosine = true)
{
    /// <summary>Learning rate at step t (0-based): lr·½(1 + cos(π t / T)) with cosine, else lr.</summary>
    public double RateAt(int t) => Cosine && Steps > 0 ? LearningRate * 0.5 * (1 + Math.Cos(Math.PI * t / Steps)) : LearningRate;

    /// <summary>Checks the values.</summary>
    public TrainingOptions Validated()
    {
        if (Steps < 0) throw new ArgumentException($"training steps must be ≥ 0, got {Steps}", nameof(Steps));
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentException($"learning rate must be a positive number, got {LearningRate}", nameof(LearningRate));
        return this;
    }
}
