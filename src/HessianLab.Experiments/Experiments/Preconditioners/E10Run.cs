namespace HessianLab.Experiments.Preconditioners;

/// <summary>One training run of E10.</summary>
/// <param name="Optimizer">Name (<see cref="E10Optimizers.Names"/>).</param>
/// <param name="LearningRate">Peak rate (cosine to 0).</param>
/// <param name="Seed">Seed of init (seed) and data (seed + 1).</param>
/// <param name="Role">"tuning" (first seed, rate grid), "seed" (another seed at the tuned rate) or "analysis".</param>
/// <param name="Losses">Full-batch loss at θ_0 … θ_T (shorter when diverged).</param>
/// <param name="Diverged">Loss non-finite or above 10× the initial loss.</param>
/// <param name="SecondsPerStep">Wall time per step (includes measurements for analysis runs).</param>
public sealed record E10Run(string Optimizer, double LearningRate, long Seed, string Role, double[] Losses, bool Diverged, double SecondsPerStep);
