using System.Diagnostics;
using System.Runtime.InteropServices;
using HessianLab.Core;
using HessianLab.Models.Gpt;
using HessianLab.Text;
using HessianLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments.LanguageModel;

/// <summary>E11 — AdamW, Adam-mini, Muon and NorMuon training the same small GPT (talk: NorMuon and the NanoGPT
/// optimization benchmark), scaled down for a CPU as docs/optimizers.md describes.</summary>
/// <remarks>Protocol: fixed model, token stream, batch and validation set; a fixed step budget; schedule constant,
/// then linear decay to 0 over the last 70% of steps, no warm-up (the benchmark's). Each optimizer's learning rate
/// is tuned on a grid with one seed; the best is rerun on K seeds. The target is the mean final validation loss of
/// tuned AdamW; steps-to-target is the first evaluation step where an optimizer's seed-mean validation loss is at or
/// below it. Uncertainty: mean ± t·sd/√K (95%). Independent runs (a grid, the seeds of a winner) go side by side, one per
/// core with one libtorch thread each: a run's numbers are those of a one-thread run whatever the machine's core count,
/// and its step time is the processor time of its thread.</remarks>
public sealed partial class E11OptimizerBenchmark : IExperiment
{
    public string Id => "E11";
    public string Title => "Optimizers on a small GPT: AdamW, Adam-mini, Muon, NorMuon (steps to AdamW's loss)";
    public string Claim => "Muon beats AdamW and NorMuon (Muon + per-neuron scaling) beats Muon (NanoGPT benchmark: Adam 5625, Muon 3325, NorMuon 3250 steps)";

    private sealed record Size(int Dim, int Heads, int Layers, int Context, int Batch, int Steps, int EvalEvery, int EvalBatches, int MaxSeeds);

    private static Size SizeFor(bool quick) => quick
        ? new Size(16, 2, 1, 16, 4, 12, 4, 2, 2)
        : new Size(64, 4, 2, 64, 8, 400, 20, 8, 5);

    /// <summary>Grid extensions past an edge winner (each multiplies or divides the edge rate by <see cref="GridStep"/>).</summary>
    private const int MaxExtensions = 2;

    /// <summary>Ratio of neighbouring grid points.</summary>
    private static readonly double GridStep = Math.Sqrt(10);

    private static readonly Dictionary<string, double[]> Grid = new()
    {
        ["adamw"] = new[] { 3.16e-4, 1e-3, 3.16e-3, 1e-2 },
        ["adam-mini"] = new[] { 3.16e-4, 1e-3, 3.16e-3, 1e-2 },
        ["muon"] = new[] { 3.16e-3, 1e-2, 3.16e-2, 1e-1 },
        ["normuon"] = new[] { 3.16e-3, 1e-2, 3.16e-2, 1e-1 },
        ["normuon-bench"] = new[] { 3.16e-3, 1e-2, 3.16e-2, 1e-1 },
    };

    /// <summary>constant for the first 30% of steps, then linear to 0 (modded-nanogpt optimization track).</summary>
    public static double Schedule(int step, int steps)
    {
        double decayStart = 0.3 * steps;
        return step < decayStart ? 1.0 : Math.Max(0, (steps - step) / (steps - decayStart));
    }

    public ExperimentResult Run(ExperimentContext ctx)
    {
        var sw = Stopwatch.StartNew();
        var size = SizeFor(ctx.Quick);
        var (text, source) = Corpus.Load(ctx.Corpus);
        var (train, validation) = TokenStream.FromText(text, TokenizerKind.Bytes).Split(0.1);
        var config = new GptConfig(train.Vocab, size.Context, size.Layers, size.Heads, size.Dim);
        int seeds = Math.Min(ctx.Seeds, size.MaxSeeds);
        var runs = new List<LmRun>();
        var best = new Dictionary<string, double>();
        var interior = new Dictionary<string, bool>();
        double auxLr = 3e-3;
        foreach (string opt in GptOptimizers.Names)
        {
            var grid = ctx.Quick ? new[] { Grid[opt][2] } : Grid[opt];
            var sweep = TrainSideBySide(ctx, grid.Select(lr => (opt, lr, ctx.Seed)).ToList(), auxLr, config, size, train, validation).ToList();
            for (int extension = 0; !ctx.Quick && extension < MaxExtensions; extension++)
            {
                // An edge winner is no optimum: extend the grid past that edge (the report says when the last winner is still on an edge).
                var ordered = sweep.OrderBy(r => r.LearningRate).ToList();
                var top = ordered.MinBy(r => r.Final)!;
                double? next = top == ordered[0] ? top.LearningRate / GridStep : top == ordered[^1] ? top.LearningRate * GridStep : null;
                if (next is not { } lr) break;
                ctx.Report($"{opt}: best lr {top.LearningRate:G3} is on the grid's edge; adding {lr:G3}");
                sweep.AddRange(TrainSideBySide(ctx, new[] { (opt, lr, ctx.Seed) }, auxLr, config, size, train, validation));
            }
            var winner = sweep.MinBy(r => r.Final)!;
            var rates = sweep.Select(r => r.LearningRate).OrderBy(x => x).ToList();
            interior[opt] = grid.Length > 1 && winner.LearningRate > rates[0] && winner.LearningRate < rates[^1];
            best[opt] = winner.LearningRate;
            if (opt == "adamw") auxLr = winner.LearningRate;   // Muon/NorMuon's auxiliary AdamW uses tuned AdamW's rate
            runs.AddRange(sweep.Select(r => r with { Optimizer = r.Optimizer + (r.LearningRate == winner.LearningRate ? "" : " (sweep)") }));
            runs.AddRange(TrainSideBySide(ctx, Enumerable.Range(1, seeds - 1).Select(s => (opt, winner.LearningRate, ctx.Seed + s)).ToList(),
                auxLr, config, size, train, validation));
        }
        return Report(ctx, runs, best, interior, seeds, size, source, sw);
    }

    /// <summary>Independent runs (optimizer, learning rate, seed), two or more at a time (<see cref="SideBySide"/>: one libtorch
    /// thread each, so a run's numbers do not depend on what runs beside it or on the machine's core count); each reports
    /// its line when it ends.</summary>
    private static IReadOnlyList<LmRun> TrainSideBySide(ExperimentContext ctx, IReadOnlyList<(string Opt, double Lr, long Seed)> jobs, double auxLr,
        GptConfig config, Size size, TokenStream train, TokenStream validation) =>
        SideBySide.Run(jobs.Select(j => (Func<LmRun>)(() => Train(ctx, j.Opt, j.Lr, auxLr, j.Seed, config, size, train, validation))).ToList());

    /// <summary>One run; a libtorch error (seen once in 40 runs, "Expected false to be true", not reproducible when the same
    /// run was repeated) restarts the run from its seed once — the run is deterministic, so a restart changes no number —
    /// and the record says so. A second error stops the experiment.</summary>
    private static LmRun Train(ExperimentContext ctx, string opt, double lr, double auxLr, long seed, GptConfig config, Size size,
        TokenStream train, TokenStream validation)
    {
        try { return TrainOnce(ctx, opt, lr, auxLr, seed, config, size, train, validation); }
        catch (ExternalException e)
        {
            ctx.Report($"{opt,-13} lr {lr:G3} seed {seed}: libtorch error ({e.Message.Split('\n')[0]}); restarting the run once");
            return TrainOnce(ctx, opt, lr, auxLr, seed, config, size, train, validation) with { Restarted = true };
        }
    }

    private static LmRun TrainOnce(ExperimentContext ctx, string opt, double lr, double auxLr, long seed, GptConfig config, Size size,
        TokenStream train, TokenStream validation)
    {
        using var scope = torch.NewDisposeScope();
        var model = new Gpt(config, seed, ScalarType.Float32);
        var (optimizer, label) = GptOptimizers.Create(opt, model, lr, auxLr);
        var evalSteps = new List<int>(); var losses = new List<double>();
        double trainSeconds = 0;   // processor time of this thread (one libtorch thread): the run's cost, whatever runs beside it
        for (int done = 0; done < size.Steps;)
        {
            int chunk = Math.Min(size.EvalEvery, size.Steps - done);
            var t0 = CpuNow();
            int offset = done;
            try
            {
                LanguageModelTrainer.Train(model, train, chunk, size.Batch, size.Context, optimizer, seed * 1_000_003 + done,
                    t => Schedule(offset + t, size.Steps));
            }
            catch (ArithmeticException e)
            {
                // A diverged sweep point loses the sweep; it is kept in the record with an infinite loss.
                optimizer.Dispose();
                ctx.Report($"{opt,-13} lr {lr:G3} seed {seed}: {e.Message}");
                return new LmRun(opt, lr, seed, new[] { done + chunk }, new[] { double.PositiveInfinity }, double.NaN, label);
            }
            trainSeconds += (CpuNow() - t0).TotalSeconds;
            done += chunk;
            evalSteps.Add(done);
            losses.Add(LanguageModelTrainer.Evaluate(model, validation, size.EvalBatches, size.Batch, size.Context));
        }
        optimizer.Dispose();
        ctx.Report($"{opt,-13} lr {lr:G3} seed {seed}: final validation loss {losses[^1]:F4} ({trainSeconds / size.Steps * 1000:F1} CPU ms/step)");
        return new LmRun(opt, lr, seed, evalSteps.ToArray(), losses.ToArray(), trainSeconds / size.Steps, label);
    }

    /// <summary>This thread's processor time; the wall clock where the system reports none.</summary>
    private static TimeSpan CpuNow() => ThreadCpuClock.Now() ?? TimeSpan.FromSeconds((double)Stopwatch.GetTimestamp() / Stopwatch.Frequency);
}
