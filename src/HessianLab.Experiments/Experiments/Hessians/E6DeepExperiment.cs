using System.Diagnostics;
using HessianLab.Plots;
using HessianLab.Problems;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Hessians;

/// <summary>E6: the talk's 4-layer ReLU net (d = C = width = 50, N = 500, CE, Gaussian data with random labels)
/// at init and along Adam training: full |H| with layer and neuron grid lines, the 4 × 4 layer-block norm map,
/// per-layer ρ, and cross-layer shares against layer distance (with GGN/residual parts).</summary>
/// <remarks>The talk gives no schedule for this net; the full size trains 2,000 steps at lr 1e-3 (cosine to 0),
/// enough to fit the random labels (stated in config.json).</remarks>
public sealed class E6DeepExperiment : IPresetExperiment
{
    /// <summary>Full size (talk): widths 50,50,50,50,50 (P = 10,000), N = 500.</summary>
    public static MlpProblem Full { get; } = MlpPresets.Theory(new[] { 50, 50, 50, 50, 50 }, 500);

    /// <summary>Quick size: widths 8,8,8,8,8 (P = 256), N = 64.</summary>
    public static MlpProblem Quick { get; } = MlpPresets.Theory(new[] { 8, 8, 8, 8, 8 }, 64);

    /// <summary>Full training: 2,000 steps at lr 1e-3.</summary>
    public static TrainingConfig FullTraining { get; } = new(2000, 1e-3, new[] { 0.1, 0.5, 1.0 }, new[] { 0.02, 0.05, 0.25, 0.75 },
        "talk: schedule not stated; here 2,000 Adam steps at lr 1e-3, cosine to 0 (fits the random labels)");

    /// <summary>Full training under the paper preset: the authors' optimizer (Adam lr 1e-4, cosine T_max 50,000) for the same 2,000 steps.</summary>
    public static TrainingConfig PaperTraining { get; } = FullTraining with
    {
        LearningRate = MlpPresets.PaperLearningRate, CosinePeriod = MlpPresets.PaperCosinePeriod,
        Note = "paper preset: Adam lr 1e-4, cosine T_max = 50,000 (authors' code), first 2,000 steps",
    };

    /// <summary>Quick training: 20 steps at lr 5e-3, pictures at 0, 1 and 20 steps.</summary>
    public static TrainingConfig QuickTraining { get; } = new(20, 5e-3, new[] { 1.0 }, Array.Empty<double>(), "quick size for tests");

    /// <inheritdoc />
    public string Id => "E6";

    /// <inheritdoc />
    public string Title => "4-layer net at init and after training: layer blocks, ρ per layer, cross-layer shares";

    /// <inheritdoc />
    public string Claim => "Near-block-diagonal within layers; links between layers follow the computational graph; distant inter-layer blocks fade with training.";

    /// <inheritdoc />
    public IReadOnlyList<ProblemPreset> PresetsOf(ExperimentContext context) => new[] { context.Preset ?? ProblemPreset.Theory };

    /// <summary>Training of a preset at quick or full size.</summary>
    public static TrainingConfig TrainingFor(ProblemPreset preset, bool quick) =>
        quick ? (preset == ProblemPreset.Paper ? QuickTraining with { CosinePeriod = MlpPresets.PaperCosinePeriod } : QuickTraining)
              : (preset == ProblemPreset.Paper ? PaperTraining : FullTraining);

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var sw = Stopwatch.StartNew();
        var preset = PresetsOf(context)[0];
        var setup = MlpPresets.Apply(preset, context.Quick ? Quick : Full).WithSeed(context.Seed);
        var training = TrainingFor(preset, context.Quick);
        var files = new List<string> { context.WriteJson("config.json", new { experiment = Id, quick = context.Quick, method = "exact", setup, parameters = setup.Parameters, training, optimizer = "Adam (PyTorch defaults), full batch, cosine" }) };
        using var scope = NewDisposeScope();
        var (model, data) = setup.Create();
        var run = TrainingRun.Run(context, $"E6 ({PresetNames.Of(preset)} preset)", model, data, setup.Loss, training, null, new List<Tensor>(),
            engine: new Curvature.Exact.ExactHessianOptions(DType: setup.HessianDType), pictures: setup.Pictures);
        files.AddRange(run.Files);
        var c = run.Curve;
        var pairs = new List<(int L, int K)>();
        for (int l = 1; l <= 4; l++)
            for (int k = l + 1; k <= 4; k++) pairs.Add((l, k));
        var steps = c.Select(p => (double)p.Step).ToList();
        files.Add(TrainingRun.Line(context, "rho_curve.png", Enumerable.Range(0, 4)
            .Select(l => new LineSeries($"ρ W{l + 1}", steps, c.Select(p => p.Rho[l]).ToList())).ToList(),
            $"E6 (seed {setup.Seed}): off/diag energy ratio ρ per layer over training", "ρ", log: true));
        // Share of ‖H‖² in one off-diagonal layer block, averaged over the blocks at each layer distance.
        var distances = new[] { 1, 2, 3 };
        double MeanShare(CurvePoint p, int dist) => SeedEndpoints.MeanShare(p, pairs, dist);
        var snapshots = c.Where(p => run.SnapshotSteps.Contains(p.Step)).ToList();
        string distPath = context.PathOf("cross_share_vs_distance.png");
        LinePlot.Save(distPath, snapshots.Select(p => new LineSeries($"step {p.Step}", distances.Select(d => (double)d).ToList(),
            distances.Select(d => MeanShare(p, d)).ToList())).ToList(),
            new LinePlotOptions { Title = $"E6 (seed {setup.Seed}): mean share of ‖H‖² per off-diagonal layer block vs layer distance", XLabel = "layer distance k − l", YLabel = "‖H_lk‖² / ‖H‖²", LogY = true, Markers = true, IntegerX = true });
        files.Add(distPath);
        var header = new List<string> { "step", "loss" };
        header.AddRange(Enumerable.Range(1, 4).Select(l => $"rho_W{l}"));
        header.AddRange(pairs.Select(q => $"rel_norm_W{q.L}W{q.K}"));
        header.AddRange(pairs.Select(q => $"residual_rel_norm_W{q.L}W{q.K}"));
        files.Add(context.WriteCsv("curves.csv", header, c.Select(p => (IReadOnlyList<object>)new object[] { p.Step, ResultTables.R(p.Loss) }
            .Concat(p.Rho.Select(r => (object)ResultTables.R(r))).Concat(p.CrossRelativeNorm.Select(r => (object)ResultTables.R(r)))
            .Concat(p.CrossResidualRelativeNorm.Select(r => (object)ResultTables.R(r))).ToList())));
        // Seeds: the first seed's run above, the others trained the same way with the Hessian at step 0 and at the end only.
        int seeds = context.Quick ? Math.Min(3, context.Seeds) : context.Seeds;
        var runs = new List<SeedEndpoints.SeedRun> { new(setup.Seed, c[0], c[^1]) };
        for (int s = 1; s < seeds; s++) runs.Add(SeedEndpoints.Run(context, setup.WithSeed(context.Seed + s), training));
        var summary = SeedEndpoints.Summarize(runs, SeedEndpoints.Quantities(pairs, 4));
        files.Add(context.WriteJson("metrics.json", new { curve = c, pairs = pairs.Select(q => $"W{q.L}W{q.K}"), finalLoss = run.Losses[^1], seeds = runs }));
        files.Add(context.WriteJson("results.json", new { preset = PresetNames.Of(preset), seeds, steps = training.Steps, summary, runs }));
        var table = new List<IReadOnlyList<string>> { ResultTables.Row("quantity", $"step 0 (mean ± 95 % CI, {seeds} seeds)", $"step {training.Steps}") };
        table.AddRange(summary.Select(e => ResultTables.Row(e.Quantity, e.AtInit.Format(ResultTables.G), e.AtEnd.Format(ResultTables.G))));
        string Of(string q, bool end) { var e = summary.First(x => x.Quantity == q); return (end ? e.AtEnd : e.AtInit).Format(ResultTables.G); }
        string headline = $"{seeds} seeds ({PresetNames.Of(preset)} preset): loss {Of("loss", false)} → {Of("loss", true)}; ρ W1…W4 at init " +
                          string.Join(", ", Enumerable.Range(1, 4).Select(l => Of($"ρ W{l}", false))) + ", after training " +
                          string.Join(", ", Enumerable.Range(1, 4).Select(l => Of($"ρ W{l}", true))) + "; mean cross-block share at layer distance 1/2/3: " +
                          string.Join(" / ", distances.Select(d => $"{Of($"mean ‖H_lk‖²/‖H‖² at layer distance {d}", false)} → {Of($"mean ‖H_lk‖²/‖H‖² at layer distance {d}", true)}")) + ".";
        return new ExperimentResult(headline, table, files, sw.Elapsed.TotalSeconds);
    }
}
