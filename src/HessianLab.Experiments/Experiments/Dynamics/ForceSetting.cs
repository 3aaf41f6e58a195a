using HessianLab.Problems;

namespace HessianLab.Experiments.Dynamics;

/// <summary>One setting of E12: a problem trained to (near) zero loss, with Hessian snapshots at log-spaced steps.</summary>
/// <param name="Name">Short name, e.g. "clusters-ce".</param>
/// <param name="Problem">Net, data, preset and training (its seed is the base seed).</param>
/// <param name="Snapshots">Number of log-spaced snapshot steps between 1 and the end (step 0 is added).</param>
public sealed record ForceSetting(string Name, MlpProblem Problem, int Snapshots)
{
    /// <summary>Steps 0 and about <see cref="Snapshots"/> log-spaced steps in [1, T] (distinct, sorted, T included).</summary>
    public IReadOnlyList<int> Steps()
    {
        int t = Problem.Training.Steps;
        var steps = new SortedSet<int> { 0, t };
        for (int i = 0; i < Snapshots; i++)
            steps.Add((int)Math.Round(Math.Pow(t, Snapshots == 1 ? 1 : (double)i / (Snapshots - 1))));
        return steps.Where(s => s >= 0 && s <= t).ToList();
    }
}
