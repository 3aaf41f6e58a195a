using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Training;

/// <summary>Trains an MLP on a whole data set each step (the talk's Hessian experiments).</summary>
public static class FullBatchTrainer
{
    /// <summary>Runs <see cref="TrainingOptions.Steps"/> steps of an optimizer and returns the loss before each step
    /// and after the last (Steps + 1 values).</summary>
    /// <param name="model">Trained in place.</param>
    /// <param name="data">The full batch.</param>
    /// <param name="loss">Loss kind.</param>
    /// <param name="options">Steps and schedule.</param>
    /// <param name="optimizer">The optimizer over the model's parameters; null: torch.optim.Adam (default betas, eps).</param>
    /// <param name="onStep">Called after each step with (step, loss before it); may take Hessian snapshots.</param>
    public static double[] Train(Mlp model, Dataset data, LossKind loss, TrainingOptions options,
        optim.Optimizer? optimizer = null, Action<int, double>? onStep = null)
    {
        options.Validated();
        var losses = new double[options.Steps + 1];
        using var owned = optimizer is null ? torch.optim.Adam(model.parameters(), lr: options.LearningRate) : null;
        var opt = optimizer ?? owned!;
        for (int t = 0; t < options.Steps; t++)
        {
            using var scope = torch.NewDisposeScope();
            foreach (var g in opt.ParamGroups) g.LearningRate = options.RateAt(t);
            opt.zero_grad();
            var l = Loss.Compute(loss, model.forward(data.X), data.Y);
            l.backward();
            opt.step();
            losses[t] = l.to_type(ScalarType.Float64).item<double>();
            if (!double.IsFinite(losses[t]))
                throw new ArithmeticException($"training diverged at step {t}: loss = {losses[t]}; lower the learning rate (TrainingOptions.LearningRate)");
            onStep?.Invoke(t, losses[t]);
        }
        using (torch.no_grad())
        using (var scope = torch.NewDisposeScope())
            losses[options.Steps] = Loss.Compute(loss, model.forward(data.X), data.Y).to_type(ScalarType.Float64).item<double>();
        return losses;
    }
}
