using System.Diagnostics;
using HessianLab.Plots;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Hessians;

/// <summary>E2: E1's net along full-batch Adam training (docs/experiments.md): pictures at 0, 1 step, 10 %, 50 %, 100 %,
/// the loss curve, and curves of ‖H_WV‖_F/‖H‖_F (GGN and residual parts) and of ρ per layer over training.</summary>
/// <remarks>The authors trained 50,000 steps at lr 1e-4 (lr·T = 5). The full size here is 2,500 steps at lr 2e-3
/// (the same lr·T, so Adam moves the weights about as far) so that it finishes in minutes; it is stated in config.json.</remarks>
public sealed class E2TrainingExperiment : IExperiment
{
    /// <summary>Full size: E1's net, 2,500 steps at lr 2e-3 (cosine to 0).</summary>
    public static TrainingConfig FullTraining { get; } = new(2500, 2e-3, new[] { 0.1, 0.5, 1.0 }, new[] { 0.004, 0.02, 0.05, 0.25, 0.75 },
        "authors: 50,000 steps at lr 1e-4 (lr·T = 5); here 2,500 steps at lr 2e-3 (same lr·T) to finish in minutes");

    /// <summary>Quick size: E1's quick net, 40 steps at lr 5e-3.</summary>
    public static TrainingConfig QuickTraining { get; } = new(40, 5e-3, new[] { 1.0 }, new[] { 0.5 }, "quick size for tests (pictures at 0, 1 and 40 steps only)");

    /// <inheritdoc />
    public string Id => "E2";

    /// <inheritdoc />
    public string Title => "2-layer net along Adam training: H_WV share and ρ over training";

    /// <inheritdoc />
    public string Claim => "The H_WV stripes (residual part, ∝ r) vanish quickly as training begins; H_WW and H_VV stay near block-diagonal along training.";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var sw = Stopwatch.StartNew();
        var setup = (context.Quick ? E1InitExperiment.Quick : E1InitExperiment.Full) with { Seed = context.Seed };
        var training = context.Quick ? QuickTraining : FullTraining;
        var files = new List<string> { context.WriteJson("config.json", new { experiment = Id, quick = context.Quick, method = "exact", setup, training, optimizer = "Adam (PyTorch defaults), full batch, cosine to 0" }) };
        using var scope = NewDisposeScope();
        var (model, data) = setup.Create();
        var kept = new List<Tensor>();
        var segs = model.Layout.Segments;
        try
        {
            var run = TrainingRun.Run(context, "E2", model, data, setup.Loss, training,
                s => s.Hessian.narrow(0, segs[0].Offset, segs[0].Size).narrow(1, segs[1].Offset, segs[1].Size), kept);
            files.AddRange(run.Files);
            string panels = context.PathOf("H_WV_over_training.png");
            MatrixHeatmap.SavePanels(panels, kept.Select((t, i) => new HeatmapPanel(t, new HeatmapOptions
            {
                Title = $"H_WV, step {run.SnapshotSteps[i]}", VmaxDivisor = 10, RowStart = segs[0].Offset, ColumnStart = segs[1].Offset,
            })).ToList(), columns: Math.Min(5, kept.Count), panelWidth: 520, panelHeight: 480,
                title: "E2: H_WV along training (linear, vmax = max/10 per panel)");
            files.Add(panels);
            return Summarize(context, run, files, sw);
        }
        finally
        {
            foreach (var t in kept) t.Dispose();
        }
    }

    private ExperimentResult Summarize(ExperimentContext context, TrainingRun.Outcome run, List<string> files, Stopwatch sw)
    {
        var c = run.Curve;
        var steps = c.Select(p => (double)Math.Max(p.Step, 0)).ToList();
        files.Add(context.WriteCsv("curves.csv", new[] { "step", "loss", "rho_hidden", "rho_output", "block_diag_share", "wv_rel_norm", "wv_ggn_rel_norm", "wv_residual_rel_norm", "hessian_norm" },
            c.Select(p => (IReadOnlyList<object>)new object[] { p.Step, ResultTables.R(p.Loss), ResultTables.R(p.Rho[0]), ResultTables.R(p.Rho[1]), ResultTables.R(p.BlockDiagonalShare),
                ResultTables.R(p.CrossRelativeNorm[0]), ResultTables.R(p.CrossGgnRelativeNorm[0]), ResultTables.R(p.CrossResidualRelativeNorm[0]), ResultTables.R(p.HessianNorm) })));
        files.Add(context.WriteJson("metrics.json", new { curve = c, finalLoss = run.Losses[^1] }));
        files.Add(TrainingRun.Line(context, "wv_share_curve.png", new[]
        {
            new LineSeries("‖H_WV‖/‖H‖", steps, c.Select(p => p.CrossRelativeNorm[0]).ToList()),
            new LineSeries("GGN part", steps, c.Select(p => p.CrossGgnRelativeNorm[0]).ToList()),
            new LineSeries("residual part", steps, c.Select(p => p.CrossResidualRelativeNorm[0]).ToList()),
        }, "E2: ‖H_WV‖_F / ‖H‖_F over training", "relative Frobenius norm", log: true));
        files.Add(TrainingRun.Line(context, "rho_curve.png", new[]
        {
            new LineSeries("ρ hidden (W)", steps, c.Select(p => p.Rho[0]).ToList()),
            new LineSeries("ρ output (V)", steps, c.Select(p => p.Rho[1]).ToList()),
        }, "E2: off/diag energy ratio ρ over training", "ρ", log: true));
        var table = new List<IReadOnlyList<string>> { ResultTables.Row("step", "loss", "ρ hidden", "ρ output", "‖H_WV‖/‖H‖", "GGN part", "residual part") };
        table.AddRange(c.Select(p => ResultTables.Row(p.Step.ToString(), ResultTables.G(p.Loss), ResultTables.G(p.Rho[0]), ResultTables.G(p.Rho[1]),
            ResultTables.G(p.CrossRelativeNorm[0]), ResultTables.G(p.CrossGgnRelativeNorm[0]), ResultTables.G(p.CrossResidualRelativeNorm[0]))));
        var first = c[0]; var last = c[^1];
        string headline = $"Over {last.Step} Adam steps the loss went {ResultTables.G(first.Loss)} → {ResultTables.G(last.Loss)}; the residual part of H_WV " +
                          $"went {ResultTables.G(first.CrossResidualRelativeNorm[0])} → {ResultTables.G(last.CrossResidualRelativeNorm[0])} of ‖H‖, " +
                          $"ρ_hidden {ResultTables.G(first.Rho[0])} → {ResultTables.G(last.Rho[0])}, ρ_output {ResultTables.G(first.Rho[1])} → {ResultTables.G(last.Rho[1])}.";
        return new ExperimentResult(headline, table, files, sw.Elapsed.TotalSeconds);
    }
}
