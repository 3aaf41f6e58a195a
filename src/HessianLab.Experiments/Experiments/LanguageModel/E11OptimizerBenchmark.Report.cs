using System.Diagnostics;
using System.Globalization;
using HessianLab.Plots;
using HessianLab.Statistics;

namespace HessianLab.Experiments.LanguageModel;

public sealed partial class E11OptimizerBenchmark
{
    /// <summary>Pairs compared by <see cref="E11Significance.Beats"/>: (challenger, incumbent).</summary>
    private static readonly (string A, string B)[] Comparisons =
        { ("muon", "adamw"), ("normuon", "adamw"), ("normuon-bench", "adamw"), ("adam-mini", "adamw"), ("normuon", "muon"), ("normuon-bench", "muon") };

    private static ExperimentResult Report(ExperimentContext ctx, List<LmRun> runs, Dictionary<string, double> best, Dictionary<string, bool> interior,
        int seeds, Size size, string source, Stopwatch sw)
    {
        var finals = GptOptimizers.Names.ToDictionary(o => o, o => runs.Where(r => r.Optimizer == o).ToList());
        double target = finals["adamw"].Average(r => r.Final);
        double adamwStep = finals["adamw"].Average(r => r.SecondsPerStep);
        // Steps to target per seed: the first evaluation at or below the target (a seed that never gets there counts as missing).
        int? StepsTo(LmRun r) { int i = Array.FindIndex(r.ValidationLoss, v => v <= target); return i < 0 ? null : r.EvalSteps[i]; }
        var header = new[] { "optimizer", "best lr", "grid", "seeds", "final val loss (mean ± 95% CI)", "steps to target (seeds reaching it)",
            "below target (p < 0.01)", "CPU ms/step", "step time / AdamW" };
        var rows = new List<IReadOnlyList<string>>();
        var curves = new List<LineSeries>();
        var summary = new List<object>();
        foreach (var (opt, list) in finals)
        {
            var steps = list[0].EvalSteps;
            var mean = steps.Select((_, i) => list.Average(r => r.ValidationLoss[i])).ToArray();
            var final = Interval.Of(list.Select(r => r.Final));
            var reached = list.Select(StepsTo).Where(s => s is not null).Select(s => (double)s!.Value).ToList();
            var toTarget = Interval.Of(reached);
            var (tBelow, below) = E11Significance.BelowTarget(list.Select(r => r.Final).ToList(), target);
            double ms = list.Average(r => r.SecondsPerStep) * 1000;
            rows.Add(new[]
            {
                opt, best[opt].ToString("G3"), interior[opt] ? "interior" : "edge", list.Count.ToString(), final.Format(v => v.ToString("F4")),
                reached.Count == 0 ? $"not reached in {size.Steps}" : $"{toTarget.Format(v => v.ToString("F0"))} ({reached.Count}/{list.Count})",
                opt == "adamw" ? "(defines it)" : below ? $"yes (t = {tBelow:F1})" : $"no (t = {tBelow:F1})",
                ms.ToString("F1"), (ms / 1000 / adamwStep).ToString("F2"),
            });
            curves.Add(new LineSeries(opt, steps.Select(s => (double)s).ToArray(), mean));
            summary.Add(new { optimizer = opt, label = list[0].Label, bestLr = best[opt], interior = interior[opt], seeds = list.Count, final,
                stepsToTarget = toTarget, seedsReachingTarget = reached.Count, belowTargetT = tBelow, belowTarget = below, msPerStep = ms,
                curveSteps = steps, curveMean = mean });
        }
        var comparisons = Comparisons.Select(c =>
        {
            var (t, sig) = E11Significance.Beats(finals[c.A].Select(r => r.Final).ToList(), finals[c.B].Select(r => r.Final).ToList());
            return new { challenger = c.A, incumbent = c.B, difference = finals[c.B].Average(r => r.Final) - finals[c.A].Average(r => r.Final), welchT = t, significant = sig };
        }).ToList();
        foreach (var c in comparisons)
            ctx.Report($"{c.challenger} vs {c.incumbent}: final loss lower by {c.difference:F4}, Welch t = {c.welchT:F2} → {(c.significant ? "significant" : "not significant")} at p < 0.01");

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
            var sweep = runs.Where(r => r.Seed == ctx.Seed && (r.Optimizer == o || r.Optimizer == o + " (sweep)") && double.IsFinite(r.Final))
                .OrderBy(r => r.LearningRate).ToList();
            return new LineSeries(o, sweep.Select(r => r.LearningRate).ToArray(), sweep.Select(r => r.Final).ToArray());
        }).ToList(), new LinePlotOptions { Title = "Learning-rate sweep (one seed): final validation loss", XLabel = "learning rate", YLabel = "final validation loss", LogX = true, Markers = true });
        files.Add(sweepPath);
        files.Add(ctx.WriteJson("results.json", new { target, summary, comparisons, runs }));
        files.Add(ctx.WriteJson("config.json", new
        {
            size, corpus = source, tokenizer = "bytes (C = 256)", heldOut = "last 10 % of the byte stream", tokensPerStep = size.Batch * size.Context,
            tokensSeen = (long)size.Batch * size.Context * size.Steps, schedule = "constant 30%, then linear to 0, no warm-up", weightDecay = 0,
            grids = Grid, gridExtensions = MaxExtensions, auxiliaryAdamW = "betas (0.9, 0.95), eps 1e-10, lr = tuned AdamW lr", seed = ctx.Seed,
            significance = "one-sided t at 99 % (benchmark: mean below target at p < 0.01); Welch for pairs",
            threads = $"runs side by side, up to {Environment.ProcessorCount} at a time, one libtorch intra-op thread each (numbers independent of the core count)",
            stepTime = "processor time of the run's thread per training step (one core), not wall time",
        }));
        files.Add(ctx.WriteCsv("summary.csv", header, rows.Select(r => (IReadOnlyList<object>)r.Cast<object>().ToList())));
        var byFinal = finals.OrderBy(kv => kv.Value.Average(r => r.Final)).Select(kv => kv.Key).ToList();
        string headline = $"final validation loss, best to worst: {string.Join(" < ", byFinal)} (target = tuned AdamW {target.ToString("F3", CultureInfo.InvariantCulture)})";
        return new ExperimentResult(headline, new[] { (IReadOnlyList<string>)header }.Concat(rows).ToList(), files, sw.Elapsed.TotalSeconds);
    }
}
