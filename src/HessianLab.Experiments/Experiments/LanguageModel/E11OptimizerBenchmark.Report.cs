using System.Diagnostics;
using System.Globalization;
using HessianLab.Plots;

namespace HessianLab.Experiments.LanguageModel;

public sealed partial class E11OptimizerBenchmark
{
    /// <summary>Two-sided 95% Student t quantiles for K − 1 degrees of freedom (K = 2 … 6).</summary>
    private static double TQuantile(int k) => k switch { 2 => 12.706, 3 => 4.303, 4 => 3.182, 5 => 2.776, 6 => 2.571, _ => 1.96 };

    private static ExperimentResult Report(ExperimentContext ctx, List<LmRun> runs, Dictionary<string, double> best, int seeds,
        Size size, string source, Stopwatch sw)
    {
        var finals = GptOptimizers.Names.ToDictionary(o => o, o => runs.Where(r => r.Optimizer == o).ToList());
        double target = finals["adamw"].Average(r => r.Final);
        double adamwStep = finals["adamw"].Average(r => r.SecondsPerStep);
        var header = new[] { "optimizer", "best lr", "seeds", "final val loss (mean ± 95% CI)", "steps to AdamW's final loss", "ms/step", "step time / AdamW" };
        var rows = new List<IReadOnlyList<string>>();
        var curves = new List<LineSeries>();
        var summary = new List<object>();
        foreach (var (opt, list) in finals)
        {
            var steps = list[0].EvalSteps;
            var mean = steps.Select((_, i) => list.Average(r => r.ValidationLoss[i])).ToArray();
            double m = list.Average(r => r.Final);
            double sd = list.Count > 1 ? Math.Sqrt(list.Sum(r => (r.Final - m) * (r.Final - m)) / (list.Count - 1)) : double.NaN;
            double ci = list.Count > 1 ? TQuantile(list.Count) * sd / Math.Sqrt(list.Count) : double.NaN;
            int idx = Array.FindIndex(mean, v => v <= target);
            string toTarget = idx < 0 ? $"not reached in {size.Steps}" : steps[idx].ToString(CultureInfo.InvariantCulture);
            double ms = list.Average(r => r.SecondsPerStep) * 1000;
            rows.Add(new[] { opt, best[opt].ToString("G3"), list.Count.ToString(), $"{m:F4} ± {ci:F4}", toTarget, ms.ToString("F1"), (ms / 1000 / adamwStep).ToString("F2") });
            curves.Add(new LineSeries(opt, steps.Select(s => (double)s).ToArray(), mean));
            summary.Add(new { optimizer = opt, label = list[0].Label, bestLr = best[opt], seeds = list.Count, finalMean = m, finalSd = sd, ci95 = ci,
                stepsToTarget = idx < 0 ? (int?)null : steps[idx], msPerStep = ms, curveSteps = steps, curveMean = mean });
        }

        var files = new List<string>();
        string curvePath = ctx.PathOf("validation_loss.png");
        LinePlot.Save(curvePath, curves.Append(new LineSeries($"target (tuned AdamW final) {target:F3}",
            new[] { (double)curves[0].X[0], curves[0].X[^1] }, new[] { target, target })).ToList(), new LinePlotOptions
        {
            Title = $"Small GPT (d={size.Dim}, {size.Layers} layers, bytes), validation loss, mean of {seeds} seed(s)",
            XLabel = "step", YLabel = "validation loss", Markers = false,
        });
        files.Add(curvePath);
        string sweepPath = ctx.PathOf("lr_sweep.png");
        LinePlot.Save(sweepPath, GptOptimizers.Names.Select(o =>
        {
            var sweep = runs.Where(r => r.Optimizer.StartsWith(o, StringComparison.Ordinal) && r.Seed == ctx.Seed && (r.Optimizer == o || r.Optimizer == o + " (sweep)"))
                .OrderBy(r => r.LearningRate).ToList();
            return new LineSeries(o, sweep.Select(r => r.LearningRate).ToArray(), sweep.Select(r => r.Final).ToArray());
        }).ToList(), new LinePlotOptions { Title = "Learning-rate sweep (one seed): final validation loss", XLabel = "learning rate", YLabel = "final validation loss", LogX = true, Markers = true });
        files.Add(sweepPath);
        files.Add(ctx.WriteJson("results.json", new { target, summary, runs }));
        files.Add(ctx.WriteJson("config.json", new
        {
            size, corpus = source, tokenizer = "bytes (C = 256)", schedule = "constant 30%, then linear to 0", weightDecay = 0,
            grids = Grid, auxiliaryAdamW = "betas (0.9, 0.95), eps 1e-10, lr = tuned AdamW lr", seed = ctx.Seed,
        }));
        files.Add(ctx.WriteCsv("summary.csv", header, rows.Select(r => (IReadOnlyList<object>)r.Cast<object>().ToList())));
        var byFinal = finals.OrderBy(kv => kv.Value.Average(r => r.Final)).Select(kv => kv.Key).ToList();
        string headline = $"final validation loss, best to worst: {string.Join(" < ", byFinal)} (target = tuned AdamW {target:F3})";
        return new ExperimentResult(headline, new[] { (IReadOnlyList<string>)header }.Concat(rows).ToList(), files, sw.Elapsed.TotalSeconds);
    }
}
