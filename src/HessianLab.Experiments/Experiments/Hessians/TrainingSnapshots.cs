using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Training;
using TorchSharp;

namespace HessianLab.Experiments.Hessians;

/// <summary>Full-batch Adam training that stops at chosen steps to look at the Hessian (E2, E6).</summary>
public static class TrainingSnapshots
{
    /// <summary>The snapshot steps: 0, 1 step, and the given fractions of <paramref name="steps"/> (rounded,
    /// distinct, sorted; docs/experiments.md: 0 %, 50 %, 100 %, and "choose: also 1 step and 10 %").</summary>
    public static IReadOnlyList<int> Steps(int steps, IEnumerable<double> fractions) =>
        new[] { 0, Math.Min(1, steps) }.Concat(fractions.Select(f => (int)Math.Round(f * steps)))
            .Where(s => s >= 0 && s <= steps).Distinct().OrderBy(s => s).ToList();

    /// <summary>Trains <paramref name="model"/> for <see cref="TrainingOptions.Steps"/> steps and calls
    /// <paramref name="snapshot"/>(step, loss at θ_step) before training (step 0) and after each listed step.</summary>
    /// <returns>The loss before each step and after the last (Steps + 1 values).</returns>
    public static double[] Run(Mlp model, Dataset data, LossKind loss, TrainingOptions options,
        IReadOnlyList<int> snapshotSteps, Action<int, double> snapshot, Action<string>? log = null)
    {
        var at = new HashSet<int>(snapshotSteps);
        if (at.Contains(0)) snapshot(0, LossAt(model, data, loss));
        int every = Math.Max(1, options.Steps / 10);
        return FullBatchTrainer.Train(model, data, loss, options, onStep: (t, l) =>
        {
            int done = t + 1;
            if ((done % every == 0 || done == options.Steps) && log is not null) log($"step {done}/{options.Steps}, loss {l:G5}");
            if (at.Contains(done)) snapshot(done, LossAt(model, data, loss));
        });
    }

    /// <summary>The loss at the model's current weights.</summary>
    public static double LossAt(Mlp model, Dataset data, LossKind loss)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        return Loss.Compute(loss, model.forward(data.X), data.Y).to_type(torch.ScalarType.Float64).item<double>();
    }
}
