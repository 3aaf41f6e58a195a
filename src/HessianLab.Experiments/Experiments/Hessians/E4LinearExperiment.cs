using System.Diagnostics;
using HessianLab.Curvature.Exact;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Plots;
using HessianLab.Problems;
using HessianLab.Structure;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Hessians;

/// <summary>E4: the linear model y = W x (talk, Part II Example 1). MSE: H = (2/C) I_C ⊗ (1/N) X Xᵀ, exactly
/// block-diagonal (checked to rounding against the closed form); CE: ρ of the neuron blocks against C.</summary>
/// <remarks>CE: H_{w_i w_j} = (1/N) Σ_n p_i (δ_ij − p_j) x xᵀ. At init p ≈ 1/C, so diagonal blocks scale as 1/C and
/// off-diagonal ones as 1/C²: ρ ≈ Θ(1/C²), the output-layer rate (slope −2 expected).</remarks>
public sealed class E4LinearExperiment : IExperiment
{
    /// <summary>Full size: d = 20, N = 2000, C ∈ {10, 50, 100, 400} (P up to 8000).</summary>
    public static E4Config Full { get; } = new(20, 2000, new[] { 10, 50, 100, 400 }, 5, 0);

    /// <summary>Quick size: d = 8, N = 200, C ∈ {4, 8, 16}, at most 2 seeds.</summary>
    public static E4Config Quick { get; } = new(8, 200, new[] { 4, 8, 16 }, 2, 0);

    /// <inheritdoc />
    public string Id => "E4";

    /// <inheritdoc />
    public string Title => "Linear model: MSE exactly block-diagonal, CE ρ against C";

    /// <inheritdoc />
    public string Claim => "For y = Wx, MSE gives H = I_C ⊗ XXᵀ/N (exactly block-diagonal); under CE the off-diagonal neuron blocks carry p_i p_j and fade as C grows.";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var sw = Stopwatch.StartNew();
        var cfg = (context.Quick ? Quick with { Seeds = Math.Min(2, context.Seeds) } : Full with { Seeds = context.Seeds }) with { BaseSeed = context.Seed };
        var files = new List<string> { context.WriteJson("config.json", new { experiment = Id, quick = context.Quick, method = "exact", model = "y = W x (no bias), LeCun init", data = "Gaussian", sweep = cfg }) };
        var mse = new List<object>();
        var points = new List<RhoPoint>();
        double worstMse = 0, worstOff = 0;
        foreach (int c in cfg.Classes)
            for (int s = 0; s < cfg.Seeds; s++)
                foreach (var loss in new[] { LossKind.Mse, LossKind.Ce })
                {
                    if (loss == LossKind.Mse && s > 0) continue;
                    using var scope = NewDisposeScope();
                    var setup = MlpPresets.Theory(new[] { cfg.Dim, c }, cfg.Samples, seed: cfg.BaseSeed + s, loss: loss) with { Activation = Activation.Identity };
                    var (model, data) = setup.Create();
                    var t = Stopwatch.StartNew();
                    var h = new ExactMlpHessian(model, data, loss).Full();
                    double secs = t.Elapsed.TotalSeconds;
                    var rho = StructureAnalysis.LayerRho(h, cfg.Dim);
                    points.Add(new RhoPoint(loss.ToString().ToUpperInvariant(), c, setup.Seed, double.NaN, rho.Rho, secs));
                    if (loss == LossKind.Mse)
                    {
                        // Closed form: (2/C) I_C ⊗ XXᵀ/N (PyTorch MSELoss: mean over N·C entries).
                        var (_, diff, off) = LinearMseClosedForm.Compare(h, data.X, c);
                        worstMse = Math.Max(worstMse, diff); worstOff = Math.Max(worstOff, off);
                        mse.Add(new { classes = c, maxRelativeDifferenceToClosedForm = diff, maxOffBlockEntryOverMax = off, rho = rho.Rho });
                        context.Report($"MSE C={c}: max|H − (2/C) I⊗XXᵀ/N| / max|H| = {diff:E2}, off-block max = {off:E2}, ρ = {rho.Rho:G3}");
                    }
                    else context.Report($"CE C={c} seed {setup.Seed}: ρ = {rho.Rho:G4}");
                    if (s == 0 && c == cfg.Classes[cfg.Classes.Count / 2])
                        files.Add(Picture(context, $"H_{loss.ToString().ToLowerInvariant()}_C{c}.png", h, model.Layout, $"E4 linear model, {loss.ToString().ToUpperInvariant()}, d = {cfg.Dim}, C = {c}", 10));
                }
        var ce = points.Where(p => p.Loss == "CE").ToList();
        var fit = RhoFits.FitLayer(ce, "CE", hidden: false, theory: -2);
        var summary = RhoFits.Summarize(ce);
        files.Add(context.WriteCsv("rho_points.csv", new[] { "loss", "C", "seed", "rho", "seconds" },
            points.Select(p => (IReadOnlyList<object>)new object[] { p.Loss, p.Classes, p.Seed, ResultTables.R(p.RhoOutput), ResultTables.R(p.Seconds) })));
        files.Add(context.WriteJson("metrics.json", new { mse, ceSummary = summary, ceFit = fit, points }));
        if (fit.Fit is not null)
        {
            string path = context.PathOf("rho_vs_C_ce.png");
            LogLogFitPlot.Save(path, new[] { new FitSeries("ρ (CE), mean ± s.e. over seeds", summary.Select(s => (double)s.Classes).ToList(),
                summary.Select(s => s.OutputMean).ToList(), summary.Select(s => s.OutputStdError).ToList(), fit.Fit) },
                new LinePlotOptions { Title = $"E4 linear model (CE): ρ of the neuron blocks vs C (d = {cfg.Dim}, N = {cfg.Samples}, {cfg.Seeds} seeds)", XLabel = "number of classes C", YLabel = "ρ" });
            files.Add(path);
        }
        var table = new List<IReadOnlyList<string>> { ResultTables.Row("quantity", "value") };
        table.Add(ResultTables.Row("MSE: max |H − closed form| / max|H| (all C)", worstMse.ToString("E2")));
        table.Add(ResultTables.Row("MSE: max |off-block entry| / max|H| (all C)", worstOff.ToString("E2")));
        table.AddRange(summary.Select(s => ResultTables.Row($"CE ρ at C = {s.Classes}", $"{ResultTables.G(s.OutputMean)} ± {ResultTables.G(s.OutputStdError)}")));
        table.Add(ResultTables.Row("CE slope of ρ vs C", fit.Fit is { } f ? $"{f.Slope:F3} ± {f.SlopeStdError:F3} (expected ≈ −2)" : "no fit"));
        string headline = $"MSE: H equals (2/C) I⊗XXᵀ/N to {worstMse:E1} and is block-diagonal to {worstOff:E1} (relative); " +
                          $"CE: ρ ∝ C^{(fit.Fit is { } g ? g.Slope.ToString("F3") : "?")} ± {(fit.Fit is { } e ? e.SlopeStdError.ToString("F3") : "?")}.";
        return new ExperimentResult(headline, table, files, sw.Elapsed.TotalSeconds);
    }

    private static string Picture(ExperimentContext context, string file, Tensor h, ParameterLayout layout, string title, double k)
    {
        string path = context.PathOf(file);
        MatrixHeatmap.Save(path, h, new HeatmapOptions { Title = title, VmaxDivisor = k }.WithLayoutGrid(layout));
        return path;
    }
}
