using System.Diagnostics;
using HessianLab.Core;
using HessianLab.Curvature.Exact;
using HessianLab.Plots;
using HessianLab.Problems;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Hessians;

/// <summary>E2: E1's net along full-batch Adam training (docs/experiments.md), under both presets: pictures at 0, 1 step, 10 %,
/// 50 %, 100 % for the first seed, the loss curve, curves of ‖H_WV‖_F/‖H‖_F (GGN and residual parts) and of ρ per layer,
/// and the numbers at the first and last step as mean ± 95 % interval over seeds.</summary>
/// <remarks>Theory preset: 2,500 steps at lr 2e-3, cosine to 0 over the run (lr·T = 5, the authors' lr × T_max).
/// Paper preset: the authors' optimizer, Adam lr 1e-4 with cosine T_max = 50,000, for the same 2,500 steps (so the rate
/// stays ≈ 1e-4: the authors' committed script trains 0 steps and the talk's length is not recorded).</remarks>
public sealed class E2TrainingExperiment : IPresetExperiment
{
    /// <summary>Full size, theory preset: 2,500 steps at lr 2e-3 (cosine to 0 over the run).</summary>
    public static TrainingConfig FullTraining { get; } = new(2500, 2e-3, new[] { 0.1, 0.5, 1.0 }, new[] { 0.004, 0.02, 0.05, 0.25, 0.75 },
        "theory preset: 2,500 steps at lr 2e-3, cosine T_max = 2,500 (lr·T = 5, the authors' lr 1e-4 × T_max 50,000)");

    /// <summary>Full size, paper preset: 2,500 steps of Adam lr 1e-4, cosine T_max 50,000 (the authors' optimizer).</summary>
    public static TrainingConfig PaperTraining { get; } = FullTraining with
    {
        LearningRate = MlpPresets.PaperLearningRate, CosinePeriod = MlpPresets.PaperCosinePeriod,
        Note = "paper preset: Adam lr 1e-4, cosine T_max = 50,000 (authors' code), first 2,500 steps",
    };

    /// <summary>Quick size: E1's quick net, 40 steps at lr 5e-3.</summary>
    public static TrainingConfig QuickTraining { get; } = new(40, 5e-3, new[] { 1.0 }, new[] { 0.5 }, "quick size for tests (pictures at 0, 1 and 40 steps only)");

    /// <inheritdoc />
    public string Id => "E2";

    /// <inheritdoc />
    public string Title => "2-layer net along Adam training, theory and paper presets: H_WV share and ρ over training";

    /// <inheritdoc />
    public string Claim => "The H_WV stripes (residual part, ∝ r) vanish quickly as training begins; H_WW and H_VV stay near block-diagonal along training.";

    /// <inheritdoc />
    public IReadOnlyList<ProblemPreset> PresetsOf(ExperimentContext context) => context.Preset is { } p ? new[] { p } : E1InitExperiment.Presets;

    /// <summary>Training of a preset at quick or full size.</summary>
    public static TrainingConfig TrainingFor(ProblemPreset preset, bool quick) =>
        quick ? (preset == ProblemPreset.Paper ? QuickTraining with { CosinePeriod = MlpPresets.PaperCosinePeriod } : QuickTraining)
              : (preset == ProblemPreset.Paper ? PaperTraining : FullTraining);

    /// <summary>File prefix of a preset ("" for theory, "paper_" for paper).</summary>
    public static string Prefix(ProblemPreset preset) => preset == ProblemPreset.Theory ? "" : "paper_";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var sw = Stopwatch.StartNew();
        int seeds = context.Quick ? Math.Min(3, context.Seeds) : context.Seeds;
        var size = context.Quick ? E1InitExperiment.Quick : E1InitExperiment.Full;
        var presets = PresetsOf(context);
        var problems = presets.Select(p => MlpPresets.Apply(p, size).WithSeed(context.Seed)).ToList();
        var files = new List<string> { context.WriteJson("config.json", new { experiment = Id, quick = context.Quick, method = "exact", seeds, problems,
            training = problems.Select(p => TrainingFor(p.Preset, context.Quick)), optimizer = "Adam (PyTorch defaults), full batch, cosine" }) };
        var rows = new List<PresetRow>();
        var curves = new Dictionary<string, List<CurvePoint>>();
        foreach (var problem in problems)
        {
            var training = TrainingFor(problem.Preset, context.Quick);
            var run = FirstSeed(context, problem, training, files);
            curves[PresetNames.Of(problem.Preset)] = run.Curve;
            rows.Add(PresetRow.From(problem.Preset, problem.Seed, run.Curve[0]));
            rows.Add(PresetRow.From(problem.Preset, problem.Seed, run.Curve[^1]));
            for (int s = 1; s < seeds; s++) rows.AddRange(OtherSeed(context, problem.WithSeed(context.Seed + s), training));
        }
        int last = rows.Max(r => r.Step);
        var init = PresetTable.Summarize(rows.Where(r => r.Step == 0).ToList(), presets);
        var end = PresetTable.Summarize(rows.Where(r => r.Step == last).ToList(), presets);
        files.Add(context.WriteJson("metrics.json", new { curve = curves.Values.First(), curves, rows }));
        files.Add(context.WriteJson("results.json", new { seeds, presets = presets.Select(PresetNames.Of), steps = last, atInit = init, atEnd = end, rows }));
        var table = PresetTable.Rows(init.Select(e => e with { Quantity = $"step 0: {e.Quantity}" }).Concat(end.Select(e => e with { Quantity = $"step {last}: {e.Quantity}" })).ToList(),
            presets);
        string Change(int q, ProblemPreset p) => $"{init[q].ByPreset[PresetNames.Of(p)].Format(ResultTables.G)} → {end[q].ByPreset[PresetNames.Of(p)].Format(ResultTables.G)}";
        string headline = $"Over {last} Adam steps ({seeds} seeds): " + string.Join("; ", presets.Select(p =>
            $"{PresetNames.Of(p)} preset: loss {Change(0, p)}, ‖H_WV‖_F {Change(7, p)}, its residual part relative to ‖H‖ {Change(6, p)}")) + ".";
        return new ExperimentResult(headline, table, files, sw.Elapsed.TotalSeconds);
    }

    /// <summary>The first seed: the full run with pictures and curves (TrainingRun), H_WV panels over training.</summary>
    private static TrainingRun.Outcome FirstSeed(ExperimentContext context, MlpProblem problem, TrainingConfig training, List<string> files)
    {
        string prefix = Prefix(problem.Preset), name = PresetNames.Of(problem.Preset);
        using var scope = NewDisposeScope();
        var (model, data) = problem.Create();
        var kept = new List<Tensor>();
        var segs = model.Layout.Segments;
        try
        {
            var run = TrainingRun.Run(context, $"E2 ({name} preset, seed {problem.Seed})", model, data, problem.Loss, training,
                s => s.Hessian.narrow(0, segs[0].Offset, segs[0].Size).narrow(1, segs[1].Offset, segs[1].Size), kept,
                prefix, new ExactHessianOptions(DType: problem.HessianDType), problem.Pictures);
            files.AddRange(run.Files);
            files.Add(WvPanels(context, $"{prefix}H_WV_over_training.png", kept, run.SnapshotSteps, name, problem, segs));
            files.AddRange(Curves(context, prefix, name, run.Curve));
            return run;
        }
        finally
        {
            foreach (var t in kept) t.Dispose();
        }
    }

    /// <summary>H_WV at each picture step on ONE colour scale, step 0's vmax = max|H_WV(0)| / k, so that fading shows:
    /// pooled panels in the first row, the unpooled top-left corner (period-m stripes) of each below.</summary>
    private static string WvPanels(ExperimentContext context, string file, List<Tensor> kept, IReadOnlyList<int> steps, string name,
        MlpProblem problem, IReadOnlyList<Models.ParameterSegment> segs)
    {
        double k = problem.Pictures.CrossVmaxDivisor;
        double vmax = Extremes.Of(kept[0]).MaxAbs / k;
        string note = $"shared: max/{k:G3} of step 0";
        string path = context.PathOf(file);
        HeatmapInsets.SaveWithZoomRow(path, kept.Select((t, i) => new HeatmapPanel(t, new HeatmapOptions
        {
            Title = $"H_WV, step {steps[i]}", Vmax = vmax, VmaxNote = note, Colormap = problem.Pictures.Colormap,
            RowStart = segs[0].Offset, ColumnStart = segs[1].Offset,
        })).ToList(), new InsetRegion(0, 0, HessianFigures.Zoom, HessianFigures.Zoom, "corner"),
            $"E2 ({name} preset, seed {problem.Seed}): H_WV along training on ONE shared linear scale (vmax = max|H_WV| at step 0 / {k:G3} = {vmax:G3}); " +
            "top: pooled overview, bottom: unpooled top-left corner");
        return path;
    }

    /// <summary>Another seed: train and take the Hessian at step 0 and at the end only.</summary>
    private static IEnumerable<PresetRow> OtherSeed(ExperimentContext context, MlpProblem problem, TrainingConfig training)
    {
        using var scope = NewDisposeScope();
        var (model, data) = problem.Create();
        var rows = new List<PresetRow>();
        var engine = new ExactHessianOptions(DType: problem.HessianDType);
        TrainingSnapshots.Run(model, data, problem.Loss, training.Options, new[] { 0, training.Steps }, (step, _) =>
        {
            using var inner = NewDisposeScope();
            rows.Add(PresetRow.From(problem.Preset, problem.Seed, CurvePoint.From(HessianSnapshot.Take(model, data, problem.Loss, step, context.Report, engine))));
        });
        return rows;
    }

    private static IEnumerable<string> Curves(ExperimentContext context, string prefix, string name, List<CurvePoint> c)
    {
        var steps = c.Select(p => (double)Math.Max(p.Step, 0)).ToList();
        yield return context.WriteCsv($"{prefix}curves.csv", new[] { "step", "loss", "rho_hidden", "rho_output", "block_diag_share", "wv_rel_norm", "wv_ggn_rel_norm", "wv_residual_rel_norm", "hessian_norm" },
            c.Select(p => (IReadOnlyList<object>)new object[] { p.Step, ResultTables.R(p.Loss), ResultTables.R(p.Rho[0]), ResultTables.R(p.Rho[1]), ResultTables.R(p.BlockDiagonalShare),
                ResultTables.R(p.CrossRelativeNorm[0]), ResultTables.R(p.CrossGgnRelativeNorm[0]), ResultTables.R(p.CrossResidualRelativeNorm[0]), ResultTables.R(p.HessianNorm) }));
        yield return TrainingRun.Line(context, $"{prefix}wv_share_curve.png", new[]
        {
            new LineSeries("‖H_WV‖/‖H‖", steps, c.Select(p => p.CrossRelativeNorm[0]).ToList()),
            new LineSeries("GGN part", steps, c.Select(p => p.CrossGgnRelativeNorm[0]).ToList()),
            new LineSeries("residual part", steps, c.Select(p => p.CrossResidualRelativeNorm[0]).ToList()),
        }, $"E2 ({name} preset): ‖H_WV‖_F / ‖H‖_F over training", "relative Frobenius norm", log: true);
        yield return TrainingRun.Line(context, $"{prefix}rho_curve.png", new[]
        {
            new LineSeries("ρ hidden (W)", steps, c.Select(p => p.Rho[0]).ToList()),
            new LineSeries("ρ output (V)", steps, c.Select(p => p.Rho[1]).ToList()),
        }, $"E2 ({name} preset): off/diag energy ratio ρ over training", "ρ", log: true);
    }
}
