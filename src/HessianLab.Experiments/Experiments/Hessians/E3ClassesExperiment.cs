using System.Diagnostics;
using HessianLab.Curvature.Exact;
using HessianLab.Losses;
using HessianLab.Plots;
using HessianLab.Problems;
using HessianLab.Structure;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Hessians;

/// <summary>E3: the number of classes C (docs/experiments.md, talk's Theorem 2): ρ of the hidden layer (H_WW) and
/// of the output layer (H_VV) at init for several C and seeds, under CE and MSE, with log-log fits of ρ
/// against C. Only the two diagonal layer blocks are computed (exact engine, <c>LayerBlocks</c>).</summary>
public sealed class E3ClassesExperiment : IPresetExperiment
{
    /// <summary>Full size (talk): d = 500, m = 8, N = 5000, C ∈ {10, 50, 100, 1000}.</summary>
    public static E3Config Full { get; } = new(500, 8, 5000, new[] { 10, 50, 100, 1000 }, new[] { "Ce", "Mse" }, 5, 0);

    /// <summary>Quick size: d = 30, m = 4, N = 300, C ∈ {4, 8, 16, 32}, at most 2 seeds.</summary>
    public static E3Config Quick { get; } = new(30, 4, 300, new[] { 4, 8, 16, 32 }, new[] { "Ce", "Mse" }, 2, 0);

    /// <inheritdoc />
    public string Id => "E3";

    /// <inheritdoc />
    public string Title => "Number of classes C: ρ against C for the hidden and output layers (CE, MSE)";

    /// <inheritdoc />
    public string Claim => "The block-diagonal structure becomes clearer as C grows: ρ_hidden ∝ 1/C and ρ_output ∝ 1/C² (slopes -1 and -2).";

    /// <inheritdoc />
    public IReadOnlyList<ProblemPreset> PresetsOf(ExperimentContext context) => new[] { context.Preset ?? ProblemPreset.Theory };

    /// <summary>The net of one (loss, C, seed) point under <paramref name="preset"/>.</summary>
    public static MlpProblem ProblemOf(ProblemPreset preset, E3Config cfg, LossKind loss, int classes, long seed) =>
        MlpPresets.Apply(preset, MlpPresets.Theory(new[] { cfg.Dim, cfg.Hidden, classes }, cfg.Samples, seed: seed, loss: loss));

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var sw = Stopwatch.StartNew();
        var cfg = (context.Quick ? Quick with { Seeds = Math.Min(2, context.Seeds) } : Full with { Seeds = context.Seeds }) with { BaseSeed = context.Seed };
        var preset = PresetsOf(context)[0];
        var example = ProblemOf(preset, cfg, LossKind.Ce, cfg.Classes[0], cfg.BaseSeed);
        var files = new List<string> { context.WriteJson("config.json", new { experiment = Id, quick = context.Quick, method = "exact (layer blocks (1,1) and (2,2) only)",
            preset = PresetNames.Of(preset), data = "Gaussian", activation = "ReLU", init = example.Init.ToString(), dtype = example.DType.ToString(), sweep = cfg }) };
        var points = new List<RhoPoint>();
        foreach (string lossName in cfg.Losses)
        {
            var loss = Enum.Parse<LossKind>(lossName);
            var ww = new List<HeatmapPanel>(); var vv = new List<HeatmapPanel>();
            try
            {
                foreach (int c in cfg.Classes)
                    for (int s = 0; s < cfg.Seeds; s++)
                    {
                        using var scope = NewDisposeScope();
                        var setup = ProblemOf(preset, cfg, loss, c, cfg.BaseSeed + s);
                        var (model, data) = setup.Create();
                        var t = Stopwatch.StartNew();
                        var blocks = new ExactMlpHessian(model, data, loss, new ExactHessianOptions(DType: setup.HessianDType)).LayerBlocks(new[] { (1, 1), (2, 2) });
                        var hidden = StructureAnalysis.LayerRho(blocks[(1, 1)], cfg.Dim);
                        var output = StructureAnalysis.LayerRho(blocks[(2, 2)], cfg.Hidden);
                        points.Add(new RhoPoint(lossName.ToUpperInvariant(), c, setup.Seed, hidden.Rho, output.Rho, t.Elapsed.TotalSeconds));
                        context.Report($"{lossName.ToUpperInvariant()} C={c} seed {setup.Seed}: ρ_hidden = {hidden.Rho:G4}, ρ_output = {output.Rho:G4} ({t.Elapsed.TotalSeconds:F1} s)");
                        if (s != 0) continue;
                        ww.Add(new HeatmapPanel(blocks[(1, 1)].DetachFromDisposeScope(), Options($"H_WW, C = {c}", setup.Pictures.LayerDivisor(0), cfg.Dim, cfg.Hidden, setup.Pictures.Colormap)));
                        vv.Add(new HeatmapPanel(blocks[(2, 2)].DetachFromDisposeScope(), Options($"H_VV, C = {c}", setup.Pictures.LayerDivisor(1), cfg.Hidden, c, setup.Pictures.Colormap)));
                    }
                string tag = lossName.ToLowerInvariant();
                files.Add(Panels(context, $"H_WW_by_C_{tag}.png", ww, $"E3 ({lossName.ToUpperInvariant()}, {PresetNames.Of(preset)} preset, seed {cfg.BaseSeed}): H_WW at init for each C, linear, vmax = max/10 of EACH panel (per-panel scales: compare patterns, not brightness)"));
                files.Add(Panels(context, $"H_VV_by_C_{tag}.png", vv, $"E3 ({lossName.ToUpperInvariant()}, {PresetNames.Of(preset)} preset, seed {cfg.BaseSeed}): H_VV at init for each C, linear, vmax = max/100 of EACH panel (per-panel scales: compare patterns, not brightness)"));
            }
            finally
            {
                foreach (var p in ww.Concat(vv)) p.Matrix.Dispose();
            }
        }
        return Summarize(context, cfg, points, files, sw);
    }

    private static HeatmapOptions Options(string title, double k, int blockSize, int blocks, string colormap) => new()
    {
        Title = title, VmaxDivisor = k, Colormap = colormap, MinorLines = Enumerable.Range(1, blocks - 1).Select(i => (long)i * blockSize).ToList(),
    };

    private static string Panels(ExperimentContext context, string file, List<HeatmapPanel> panels, string title)
    {
        string path = context.PathOf(file);
        MatrixHeatmap.SavePanels(path, panels, columns: panels.Count, panelWidth: 640, panelHeight: 600, title: title);
        return path;
    }

    private ExperimentResult Summarize(ExperimentContext context, E3Config cfg, List<RhoPoint> points, List<string> files, Stopwatch sw)
    {
        var summary = RhoFits.Summarize(points);
        var fits = new List<RhoFits.LayerFit>();
        foreach (string loss in cfg.Losses.Select(l => l.ToUpperInvariant()))
        {
            fits.Add(RhoFits.FitLayer(points, loss, hidden: true, theory: -1));
            fits.Add(RhoFits.FitLayer(points, loss, hidden: false, theory: -2));
        }
        files.Add(context.WriteCsv("rho_points.csv", new[] { "loss", "C", "seed", "rho_hidden", "rho_output", "seconds" },
            points.Select(p => (IReadOnlyList<object>)new object[] { p.Loss, p.Classes, p.Seed, ResultTables.R(p.RhoHidden), ResultTables.R(p.RhoOutput), ResultTables.R(p.Seconds) })));
        files.Add(context.WriteCsv("rho_summary.csv", new[] { "loss", "C", "seeds", "rho_hidden_mean", "rho_hidden_se", "rho_output_mean", "rho_output_se" },
            summary.Select(s => (IReadOnlyList<object>)new object[] { s.Loss, s.Classes, s.Seeds, ResultTables.R(s.HiddenMean), ResultTables.R(s.HiddenStdError), ResultTables.R(s.OutputMean), ResultTables.R(s.OutputStdError) })));
        files.Add(context.WriteJson("metrics.json", new { summary, fits, points }));
        foreach (string loss in cfg.Losses.Select(l => l.ToUpperInvariant()))
        {
            var series = RhoFits.Series(summary, fits, loss);
            if (series.Count == 0) continue;
            string path = context.PathOf($"rho_vs_C_{loss.ToLowerInvariant()}.png");
            bool zeroOut = summary.Where(s => s.Loss == loss).All(s => s.OutputMean == 0);
            LogLogFitPlot.Save(path, series, new LinePlotOptions
            {
                Title = $"E3 ({loss}): off/diag energy ratio ρ vs C (d = {cfg.Dim}, m = {cfg.Hidden}, N = {cfg.Samples}, {cfg.Seeds} seed{(cfg.Seeds == 1 ? "" : "s")})" +
                        (zeroOut ? "\nρ_output = 0 exactly (H_VV block-diagonal under MSE): not drawn" : ""),
                XLabel = "number of classes C", YLabel = "ρ",
            });
            files.Add(path);
        }
        var table = new List<IReadOnlyList<string>> { ResultTables.Row("loss", "C", "ρ hidden (mean ± s.e.)", "ρ output (mean ± s.e.)") };
        table.AddRange(summary.Select(s => ResultTables.Row(s.Loss, s.Classes.ToString(), Pm(s.HiddenMean, s.HiddenStdError), Pm(s.OutputMean, s.OutputStdError))));
        table.AddRange(fits.Select(f => ResultTables.Row(f.Loss, $"slope {f.Layer}", f.Fit is { } p ? $"{p.Slope:F3} ± {p.SlopeStdError:F3} (OLS)" : "no fit (ρ = 0)",
            double.IsNaN(f.SeedSlopeMean) ? "—" : $"per-seed {f.SeedSlopeMean:F3} ± {f.SeedSlopeStdError:F3}; theory {f.Theory}")));
        string headline = string.Join("; ", fits.Select(f => $"{f.Loss} {f.Layer}: slope {(f.Fit is { } p ? $"{p.Slope:F2} ± {p.SlopeStdError:F2}" : "n/a (ρ = 0 exactly)")} (theory {f.Theory})")) + ".";
        return new ExperimentResult(headline, table, files, sw.Elapsed.TotalSeconds);
    }

    private static string Pm(double m, double se) => $"{ResultTables.G(m)} ± {ResultTables.G(se)}";
}
