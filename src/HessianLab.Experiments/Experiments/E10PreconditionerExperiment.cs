using System.Diagnostics;
using System.Globalization;
using HessianLab.Data;
using HessianLab.Experiments.Preconditioners;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments;

/// <summary>E10 — each optimizer's own preconditioner (Adam, Adam-mini, Muon, NorMuon, Shampoo, K-FAC, per-neuron block
/// Newton) next to the exact Hessian block along its own trajectory on the talk's net (docs/experiments.md; talk Part III).</summary>
/// <remarks>
/// 1. Every optimizer trains the net (full batch, cosine to 0 over <see cref="E10Config.Steps"/>); its rate is tuned on
/// the first seed over <see cref="E10Config.LearningRates"/> (lowest final loss), then run on the other seeds.
/// 2. Target loss ℓ* = the largest final loss (first seed) among the tuned optimizers, so every one reaches it.
/// 3. Each tuned run is repeated on the first seed and measured at two points of its own trajectory: "matched loss"
/// (the first step k ≥ 1 with ℓ(θ_k) ≤ ℓ*) and "matched step" (θ_T); at each, for every weight, the exact block H
/// (<see cref="HessianBlockSource"/>), the optimizer's P from its state (<see cref="E10Optimizers.Preconditioner"/>), and
/// <see cref="PreconditionerAlignment"/>'s numbers. A "none (I)" row gives H's own conditioning at the same point.
/// </remarks>
public sealed partial class E10PreconditionerExperiment : IExperiment
{
    /// <summary>Decades of the log colour scale of the panels.</summary>
    private const double PanelDecades = 4;

    /// <inheritdoc />
    public string Id => "E10";

    /// <inheritdoc />
    public string Title => "Each optimizer's preconditioner against the Hessian block, along its own trajectory";

    /// <inheritdoc />
    public string Claim => "The Hessian is block-diagonal per neuron with blocks that differ across neurons; Muon shares one n×n block " +
                           "I_m ⊗ (MᵀM)^{-1/2} across neurons, Shampoo/K-FAC use Kronecker factors, and the per-neuron block inverse is the ideal.";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var sw = Stopwatch.StartNew();
        var cfg = context.Quick ? E10Config.Quick(context.Seed) : E10Config.Full(context.Seed);
        return Run(context, cfg, sw);
    }

    /// <summary>Runs with explicit settings.</summary>
    public ExperimentResult Run(ExperimentContext context, E10Config cfg, Stopwatch? sw = null)
    {
        sw ??= Stopwatch.StartNew();
        Directory.CreateDirectory(context.OutDir);
        var runs = new List<E10Run>();
        var tuned = new Dictionary<string, E10Run>();
        foreach (string name in E10Optimizers.Names)
        {
            var grid = cfg.LearningRates[name].Select(lr => Train(context, cfg, name, lr, cfg.Seed, "tuning")).ToList();
            runs.AddRange(grid);
            var ok = grid.Where(r => !r.Diverged).ToList();
            if (ok.Count == 0) { context.Report($"{name}: every rate diverged"); continue; }
            var best = ok.MinBy(r => r.Losses[^1])!;
            tuned[name] = best;
            for (int s = 1; s < cfg.Seeds; s++) runs.Add(Train(context, cfg, name, best.LearningRate, cfg.Seed + s, "seed"));
        }
        double target = tuned.Values.Max(r => r.Losses[^1]);
        context.Report($"target loss (largest tuned final loss, seed {cfg.Seed}): {target:F4}");
        var measurements = new List<E10Measurement>();
        var panels = new Dictionary<string, List<(string Name, Tensor H, Tensor P)>>();
        var kron = new List<KroneckerOrderCheck>();
        using (var scope = torch.NewDisposeScope())
        {
            foreach (var (name, run) in tuned)
            {
                int k = Math.Max(1, Array.FindIndex(run.Losses, x => x <= target));
                var points = new Dictionary<int, string> { [k] = "matched loss", [cfg.Steps] = "matched step" };
                if (k == cfg.Steps) points[k] = "matched loss+step";       // measured once, reported under both labels
                Train(context, cfg, name, run.LearningRate, cfg.Seed, "analysis", points, (model, data, opt, step, loss, label) =>
                {
                    for (int l = 1; l <= model.Spec.Depth; l++)
                    {
                        using var inner = torch.NewDisposeScope();
                        var h = HessianBlockSource.LayerBlock(model, data, cfg.Loss, l - 1);
                        var p = E10Optimizers.Preconditioner(name, opt, model, l, h, cfg);
                        foreach (var row in Measure(cfg, name, label, step, loss, l, model, h, p))
                            measurements.AddRange(label == "matched loss+step"
                                ? new[] { row with { Point = "matched loss" }, row with { Point = "matched step" } } : new[] { row });
                        context.Report($"{name} {label} (step {step}, loss {loss:F4}) W{l}: kappa " +
                            string.Join(" / ", measurements[^1].Conditioning.Select(c => $"{c.KappaRange:G3} (rank {c.Rank})")));
                        if (label.StartsWith("matched loss", StringComparison.Ordinal))
                        {
                            if (!panels.TryGetValue($"W{l}", out var list)) panels[$"W{l}"] = list = new();
                            list.Add((name, h.clone().DetachFromDisposeScope(), p.Matrix.clone().DetachFromDisposeScope()));   // disposed after plotting
                        }
                        if (name == "Muon" && label.EndsWith("step", StringComparison.Ordinal))
                            kron.Add(KroneckerOrderCheck.Run($"W{l}", MuonMomentum(opt, l, model)));
                    }
                });
            }
            var files = new List<string>();
            files.AddRange(WriteOutputs(context, cfg, runs, tuned, target, measurements, kron));
            files.Add(PlotLossCurves(context, cfg, runs, tuned));
            foreach (var (layer, list) in panels)
            {
                int l = int.Parse(layer[1..], CultureInfo.InvariantCulture);
                files.Add(PlotPanels(context, layer, cfg.Widths[l], cfg.Widths[l - 1], list));
                foreach (var (_, h, p) in list) { h.Dispose(); p.Dispose(); }
            }
            return new ExperimentResult(Headline(measurements, tuned, target), SummaryTable(measurements), files, sw.Elapsed.TotalSeconds);
        }
    }

    private static Tensor MuonMomentum(optim.Optimizer opt, int l, Mlp model) =>
        ((TorchSharp.Modules.OptimizerHelper)opt).state_dict().State.Cast<Optim.BufferState>().ElementAt(l - 1).Buffers[0]
            .to(ScalarType.Float64).reshape(model.Weight(l).shape[0], model.Weight(l).shape[1]);

    private static IEnumerable<E10Measurement> Measure(E10Config cfg, string name, string label, int step, double loss, int l, Mlp model, Tensor h, PreconditionerMatrix p)
    {
        long m = model.Weight(l).shape[0], n = model.Weight(l).shape[1];
        var (hPlus, _, _) = PreconditioningQuality.PositivePart(h);
        double shareH = PreconditionerAlignment.NeuronShare(h, m, n);
        var rows = new List<E10Measurement>();
        foreach (var pm in name == "Adam" ? new[] { PreconditionerFactory.Identity(m * n, ScalarType.Float64), p } : new[] { p })
        {
            var mu = PreconditionerAlignment.Spectrum(hPlus, pm);
            var (mean, max, s) = PreconditionerAlignment.BlockResidual(pm.Matrix, h, m, n);
            rows.Add(new E10Measurement(pm.Name == "none (I)" ? "none (I)" : name, label, step, loss, $"W{l}", m, n, pm.Rank ?? m * n,
                PreconditionerAlignment.Conditioning(mu, E10Config.Cutoffs), PreconditionerAlignment.NeuronShare(pm.Matrix, m, n), shareH, mean, max, s, pm.Formula));
        }
        return rows;
    }

    /// <summary>Trains one optimizer from seed <paramref name="seed"/>; at the steps in <paramref name="points"/> (steps taken)
    /// calls <paramref name="at"/> with the model, data, optimizer, step, loss and the point's label.</summary>
    private static E10Run Train(ExperimentContext context, E10Config cfg, string name, double lr, long seed, string role,
        IReadOnlyDictionary<int, string>? points = null, Action<Mlp, Dataset, optim.Optimizer, int, double, string>? at = null)
    {
        using var scope = torch.NewDisposeScope();
        var model = new Mlp(new MlpSpec(cfg.Widths, Activation.Relu, Bias: false), seed);
        var data = SyntheticData.Create(cfg.Data, cfg.Samples, cfg.Widths[0], cfg.Widths[^1], seed + 1);
        using var opt = E10Optimizers.Create(name, model, data, cfg, lr);
        var schedule = new TrainingOptions(cfg.Steps, lr);
        var losses = new double[cfg.Steps + 1];
        var sw = Stopwatch.StartNew();
        for (int t = 0; t <= cfg.Steps; t++)
        {
            using var inner = torch.NewDisposeScope();
            var l = Loss.Compute(cfg.Loss, model.forward(data.X), data.Y);
            losses[t] = l.item<double>();
            if (!double.IsFinite(losses[t]) || losses[t] > 10 * losses[0])
            {
                context.Report($"{name} lr {lr:G3} seed {seed}: diverged at step {t}");
                return new E10Run(name, lr, seed, role, losses[..(t + 1)], true, sw.Elapsed.TotalSeconds / Math.Max(t, 1));
            }
            if (points is not null && points.TryGetValue(t, out var label))
                using (torch.no_grad()) at!(model, data, opt, t, losses[t], label);
            if (t == cfg.Steps) break;
            foreach (var g in opt.ParamGroups) g.LearningRate = schedule.RateAt(t);
            opt.zero_grad();
            l.backward();
            opt.step();
        }
        double perStep = sw.Elapsed.TotalSeconds / cfg.Steps;
        if (role != "analysis") context.Report($"{name,-12} lr {lr,-6:G3} seed {seed} ({role}): loss {losses[0]:F4} → {losses[^1]:F4} ({perStep * 1000:F0} ms/step)");
        return new E10Run(name, lr, seed, role, losses, false, perStep);
    }
}
