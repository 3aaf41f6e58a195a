namespace HessianLab.Training;

/// <summary>Full-batch training settings (docs/experiments.md: Adam, lr 1e-4, PyTorch default betas/eps,
/// all N samples each step, cosine schedule to 0 over the run).</summary>
/// <param name="Steps">Number of optimizer steps (0: no training).</param>
/// <param name="LearningRate">Peak learning rate.</param>
/// <param name="Cosine">Cosine-anneal the rate to 0 over <paramref name="Steps"/> (or over <paramref name="CosinePeriod"/>).</param>
/// <param name="CosinePeriod">T_max of the cosine (PyTorch's CosineAnnealingLR); null: T_max = <paramref name="Steps"/>.
/// The official code uses T_max = 50,000 whatever the number of steps, so a shorter run stops part-way down the cosine.</param>
public sealed record TrainingOptions(int Steps, double LearningRate = 1e-4, bool Cosine = true, int? CosinePeriod = null)
{
    /// <summary>Learning rate at step t (0-based): lr·½(1 + cos(π t / T)) with cosine (T = T_max, default the run's
    /// length), else lr. This is PyTorch's closed form of CosineAnnealingLR with eta_min = 0.</summary>
    public double RateAt(int t)
    {
        int period = CosinePeriod ?? Steps;
        return Cosine && period > 0 ? LearningRate * 0.5 * (1 + Math.Cos(Math.PI * t / period)) : LearningRate;
    }

    /// <summary>Checks the values.</summary>
    public TrainingOptions Validated()
    {
        if (Steps < 0) throw new ArgumentException($"training steps must be ≥ 0, got {Steps}", nameof(Steps));
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentException($"learning rate must be a positive number, got {LearningRate}", nameof(LearningRate));
        if (CosinePeriod is <= 0) throw new ArgumentException($"CosinePeriod (T_max) must be positive, got {CosinePeriod}", nameof(CosinePeriod));
        return this;
    }
}
