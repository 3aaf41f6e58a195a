using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Plots;
using HessianLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Hessians;

/// <summary>The shared body of E2 and E6: train, take the Hessian at the snapshot and curve steps, draw the
/// pictures at the snapshots, and write the curves (loss, ρ per layer, cross-layer norms with GGN/residual parts).</summary>
internal static class TrainingRun
{
    /// <summary>What the run produced.</summary>
    public sealed record Outcome(List<CurvePoint> Curve, double[] Losses, List<string> Files, IReadOnlyList<int> SnapshotSteps);

    /// <summary>Trains and observes. <paramref name="keep"/> is called at each picture snapshot and may return a
    /// tensor to keep; a detached clone is added to <paramref name="kept"/> (the caller disposes them).
    /// <paramref name="filePrefix"/> goes before every file name (e.g. "paper_"); <paramref name="engine"/> sets the Hessian dtype;
    /// <paramref name="pictures"/> the colormap and vmax divisors.</summary>
    public static Outcome Run(ExperimentContext context, string caption, Mlp model, Dataset data, LossKind loss, TrainingConfig cfg,
        Func<HessianSnapshot, Tensor?>? keep, List<Tensor> kept, string filePrefix = "", Curvature.Exact.ExactHessianOptions? engine = null,
        Problems.PictureConventions? pictures = null)
    {
        var files = new List<string>();
        var pictureSteps = TrainingSnapshots.Steps(cfg.Steps, cfg.SnapshotFractions);
        var all = pictureSteps.Concat(TrainingSnapshots.Steps(cfg.Steps, cfg.CurveFractions)).Distinct().OrderBy(s => s).ToList();
        var curve = new List<CurvePoint>();
        var losses = TrainingSnapshots.Run(model, data, loss, cfg.Options, all, (step, _) =>
        {
            using var scope = torch.NewDisposeScope();
            var snap = HessianSnapshot.Take(model, data, loss, step, context.Report, engine);
            curve.Add(CurvePoint.From(snap));
            if (!pictureSteps.Contains(step)) return;
            string prefix = $"{filePrefix}step_{step:D6}";
            files.AddRange(HessianFigures.Save(context, prefix, $"{caption}, step {step}", snap.Hessian, model.Layout, snap.Analysis,
                layerBlocks: model.Spec.Depth == 2, pictures: pictures));
            files.AddRange(ResultTables.WriteCsv(context, prefix, snap.Analysis.Metrics));
            files.Add(context.WriteJson($"{prefix}_metrics.json", new { step, loss = snap.Loss, structure = snap.Analysis.Metrics }));
            if (keep?.Invoke(snap) is { } t) kept.Add(t.clone().DetachFromDisposeScope());
        }, context.Report);
        files.Add(context.WriteCsv($"{filePrefix}loss.csv", new[] { "step", "loss" }, losses.Select((l, i) => (IReadOnlyList<object>)new object[] { i, ResultTables.R(l) })));
        var steps = Enumerable.Range(0, losses.Length).Select(i => (double)i).ToList();
        files.Add(Line(context, $"{filePrefix}loss_curve.png", new[] { new LineSeries("training loss", steps, losses) }, $"{caption}: loss (Adam, lr {cfg.LearningRate}, {cfg.Steps} steps, cosine T_max {cfg.CosinePeriod ?? cfg.Steps})", "loss", log: true));
        return new Outcome(curve, losses, files, pictureSteps);
    }

    public static string Line(ExperimentContext context, string file, IReadOnlyList<LineSeries> series, string title, string y, bool log)
    {
        string path = context.PathOf(file);
        LinePlot.Save(path, series, new LinePlotOptions { Title = title, XLabel = "Adam step", YLabel = y, LogY = log });
        return path;
    }
}
