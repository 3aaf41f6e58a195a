using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HessianLab.Core;
using HessianLab.Data;
using HessianLab.IO;
using HessianLab.Models;
using HessianLab.Optim;
using HessianLab.Problems;
using HessianLab.Training;
using ScottPlot;
using TorchSharp;

namespace HessianLab.Runs;

/// <summary>Runs <see cref="TrainRunOptions"/>: builds the MLP, data and optimizer (<see cref="OptimizerFactory"/>),
/// trains full-batch with <see cref="FullBatchTrainer"/>, and writes train_losses.csv, train_run.json and train_loss.png
/// as one result folder (<see cref="ResultFolder"/>).</summary>
public static class TrainRun
{
    /// <summary>Trains and writes the outputs.</summary>
    /// <param name="o">The run.</param>
    /// <param name="log">Progress lines (e.g. the routing table before training).</param>
    /// <param name="record">What started the run, for the manifest (default: a library call).</param>
    /// <exception cref="ArgumentException">Bad options (before anything is allocated).</exception>
    /// <exception cref="InsufficientMemoryException">The run does not fit in memory (before anything is allocated).</exception>
    /// <exception cref="ArithmeticException">Training diverged (nothing is written).</exception>
    public static TrainRunResult Run(TrainRunOptions o, Action<IReadOnlyList<IReadOnlyList<string>>, string>? log = null, RunRecord? record = null)
    {
        o.Validated();
        MlpMemory.FullBatch(o.Widths, false, o.Samples, 8).EnsureFits($"training the {string.Join(",", o.Widths)} MLP on {o.Samples} samples");
        using var folder = ResultFolder.Begin(o.OutDir, record ?? RunRecord.Library("TrainRun.Run", o.Seed));
        var sw = Stopwatch.StartNew();
        using var scope = torch.NewDisposeScope();
        var problem = o.Problem();
        var (model, data) = problem.Create();
        var (opt, routing, label) = OptimizerFactory.ForMlp(model, o.Optimizer);
        using var _ = opt;
        log?.Invoke(routing, label);
        double lr = opt.ParamGroups.First().LearningRate;
        var schedule = new TrainingOptions(o.Steps, lr, o.Cosine, o.Cosine ? problem.Training.CosinePeriod : null);
        var losses = FullBatchTrainer.Train(model, data, o.Loss, schedule, opt);
        NonFinite.ThrowIfAny(model.parameters(), "the weights after training");

        string PathOf(string name) => Path.Combine(folder.Staging, name);
        var files = new List<string>
        {
            CsvFiles.Write(PathOf("train_losses.csv"), new[] { "step", "lr", "loss" },
                losses.Select((l, t) => (IReadOnlyList<object>)new object[] { t, t < o.Steps ? schedule.RateAt(t) : 0.0, l })),
            JsonFiles.Write(PathOf("train_run.json"), new
            {
                Optimizer = label, Kind = o.Optimizer.Kind.ToString(), NorMuonStepRule = o.Optimizer.StepRule.ToString(),
                NewtonSchulz = o.Optimizer.NewtonSchulz.ToString(), Scale = MuonScales.Label(o.Optimizer.Scale),
                o.Optimizer.OutputLayerToAdamW, LearningRate = lr, o.Optimizer.WeightDecay, Widths = o.Widths,
                Activation = o.Activation.ToString(), Loss = o.Loss.ToString(), Data = o.Data.ToString(), o.Samples, o.Steps,
                Schedule = o.Cosine ? $"cosine, T_max {schedule.CosinePeriod ?? o.Steps}" : "constant", o.Seed, DataSeed = problem.DataSeed,
                Preset = PresetNames.Of(o.Preset), Init = problem.Init.ToString(), DType = problem.DType.ToString(),
                Routing = routing.Skip(1).Select(r => string.Join(" | ", r)).ToList(), Losses = losses,
            }),
            PlotLosses(PathOf("train_loss.png"), losses, label),
        };
        folder.Commit();
        var table = new List<IReadOnlyList<string>> { new[] { "step", "lr", "loss" } };
        foreach (int t in LoggedSteps(o.Steps))
            table.Add(new[] { t.ToString(CultureInfo.InvariantCulture), (t < o.Steps ? schedule.RateAt(t) : 0).ToString("G3", CultureInfo.InvariantCulture),
                losses[t].ToString("F6", CultureInfo.InvariantCulture) });
        return new TrainRunResult(label, routing, losses, table, files.Select(folder.FinalPathOf).ToList(), sw.Elapsed.TotalSeconds);
    }

    /// <summary>About ten steps spread over the run, the first and the last included.</summary>
    public static IEnumerable<int> LoggedSteps(int steps) =>
        Enumerable.Range(0, 11).Select(k => (int)Math.Round(k * steps / 10.0)).Distinct();

    private static string PlotLosses(string path, double[] losses, string label)
    {
        var plot = new Plot();
        var xs = Enumerable.Range(0, losses.Length).Select(i => (double)i).ToArray();
        var line = plot.Add.ScatterLine(xs, losses);
        line.LineWidth = 2;
        line.LegendText = label.Length > 90 ? label[..90] + "…" : label;
        plot.Title("Full-batch training loss");
        plot.XLabel("step");
        plot.YLabel("loss");
        plot.ShowLegend(Alignment.UpperRight);
        AtomicFile.WriteVia(path, tmp => plot.SavePng(tmp, 1000, 600));
        return path;
    }
}
