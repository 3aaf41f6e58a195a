using System.Diagnostics;
using HessianLab.Curvature.Exact;
using HessianLab.Data;
using HessianLab.Experiments.Hessians;
using HessianLab.Losses;
using HessianLab.Plots;
using HessianLab.Problems;
using HessianLab.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Dynamics;

/// <summary>E12, the dynamic force: along training to (near) zero loss, the residual part of H_WV (the terms linear in
/// r = ∂ℓ/∂z, the talk's "H_WV ≈ O(optimality gap)") against the gap loss − final loss, with the GGN part alongside.
/// Settings: cluster data under CE and MSE (theory preset), and Gaussian inputs with random labels memorized by a small
/// net under the paper preset (torch init, float32, Adam lr 1e-4, cosine T_max 50,000). Slopes per seed, mean ± 95 %.</summary>
public sealed class E12DynamicForceExperiment : IExperiment
{
    /// <summary>Full-size settings.</summary>
    public static IReadOnlyList<ForceSetting> Full { get; } = new[]
    {
        new ForceSetting("clusters-ce", Clusters(new[] { 50, 8, 10 }, 500, LossKind.Ce, 1000, 1e-2), 12),
        new ForceSetting("clusters-mse", Clusters(new[] { 50, 8, 10 }, 500, LossKind.Mse, 1000, 1e-2), 12),
        new ForceSetting("gaussian-paper", MlpPresets.Paper(new[] { 50, 16, 10 }, 100, steps: 6000), 12),
    };

    /// <summary>Quick settings (seconds): small nets, short runs (the paper setting at lr 1e-2 so that it trains in 300 steps).</summary>
    public static IReadOnlyList<ForceSetting> Quick { get; } = new[]
    {
        new ForceSetting("clusters-ce", Clusters(new[] { 20, 4, 5 }, 100, LossKind.Ce, 300, 2e-2), 10),
        new ForceSetting("gaussian-paper", PaperAt(new[] { 10, 8, 4 }, 20, 300, 1e-2), 10),
    };

    /// <inheritdoc />
    public string Id => "E12";

    /// <inheritdoc />
    public string Title => "Dynamic force: residual part of H_WV against the optimality gap along training";

    /// <inheritdoc />
    public string Claim => "H_WV's residual part is O(optimality gap): it vanishes as the loss reaches its optimum (slope 1 in log-log), while the GGN part does not have to.";

    private static MlpProblem PaperAt(int[] widths, int n, int steps, double lr)
    {
        var p = MlpPresets.Paper(widths, n, steps);
        return p with { Training = p.Training with { LearningRate = lr } };
    }

    private static MlpProblem Clusters(int[] widths, int n, LossKind loss, int steps, double lr) =>
        MlpPresets.Theory(widths, n, steps, lr, loss: loss, data: DataKind.Clusters);

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var sw = Stopwatch.StartNew();
        int seeds = Math.Max(3, context.Quick ? 3 : context.Seeds);
        var settings = (context.Quick ? Quick : Full).Select(s => s with { Problem = s.Problem.WithSeed(context.Seed) }).ToList();
        var files = new List<string> { context.WriteJson("config.json", new { experiment = Id, quick = context.Quick, seeds, settings,
            fit = "OLS of log10 ‖part‖_F on log10(loss − final loss) over steps ≥ 1 with gap ≥ final loss; per seed, then mean ± t-interval (95 %)" }) };
        var fits = new List<ForceFit>();
        var curves = new Dictionary<string, List<List<ForcePoint>>>();
        foreach (var setting in settings)
        {
            var runs = new List<List<ForcePoint>>();
            for (int s = 0; s < seeds; s++) runs.Add(Trace(context, setting, setting.Problem.WithSeed(context.Seed + s)));
            curves[setting.Name] = runs;
            var fit = ForceFit.Of(setting.Name, runs);
            fits.Add(fit);
            files.AddRange(Pictures(context, setting, runs, fit));
            files.Add(context.WriteCsv($"{setting.Name}_points.csv", new[] { "seed", "step", "loss", "gap", "residual", "ggn", "wv_norm" },
                runs.SelectMany((r, i) => r.Select(p => (IReadOnlyList<object>)new object[] { context.Seed + i, p.Step, ResultTables.R(p.Loss), ResultTables.R(p.Gap),
                    ResultTables.R(p.Residual), ResultTables.R(p.Ggn), ResultTables.R(p.Whole) }))));
        }
        files.Add(context.WriteJson("results.json", new { seeds, fits, curves }));
        var table = new List<IReadOnlyList<string>>
        {
            ResultTables.Row("setting", "loss start → end", "residual slope vs gap (95 % CI)", "pooled residual slope", "residual slope vs loss", "GGN slope vs gap", "residual end/start", "GGN end/start"),
        };
        table.AddRange(fits.Select(f => ResultTables.Row(f.Setting, $"{ResultTables.G(f.InitialLoss)} → {ResultTables.G(f.FinalLoss)}", Ci(f.Residual),
            f.PooledResidual is { } p ? $"{p.Slope:F3} ± {f.PooledResidualHalfWidth:F3} ({p.Points} pts)" : "—", Ci(f.ResidualVsLoss), Ci(f.Ggn),
            ResultTables.G(f.ResidualDrop), ResultTables.G(f.GgnDrop))));
        string headline = string.Join("; ", fits.Select(f => $"{f.Setting}: residual ∝ gap^{Ci(f.Residual)}, GGN ∝ gap^{Ci(f.Ggn)} ({seeds} seeds, loss {ResultTables.G(f.InitialLoss)} → {ResultTables.G(f.FinalLoss)})")) + " (theory: residual slope 1).";
        return new ExperimentResult(headline, table, files, sw.Elapsed.TotalSeconds);
    }

    private static string Ci(Interval i) => i.Format(v => v.ToString("F3", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Trains one seed and measures H_WV's parts at the setting's steps.</summary>
    private static List<ForcePoint> Trace(ExperimentContext context, ForceSetting setting, MlpProblem problem)
    {
        using var scope = NewDisposeScope();
        var (model, data) = problem.Create();
        var engine = new ExactMlpHessian(model, data, problem.Loss, new ExactHessianOptions(DType: problem.HessianDType));
        var raw = new List<(int Step, double Loss, double Res, double Ggn, double H)>();
        TrainingSnapshots.Run(model, data, problem.Loss, problem.Training, setting.Steps(), (step, loss) =>
        {
            var parts = WvParts.Measure(engine);
            raw.Add((step, loss, parts.Residual, parts.Ggn, parts.Whole));
        });
        double final = raw[^1].Loss;
        context.Report($"E12 {setting.Name} seed {problem.Seed}: loss {raw[0].Loss:G4} → {final:G4}, residual ‖H_WV‖ {raw[0].Res:G3} → {raw[^1].Res:G3}, GGN {raw[0].Ggn:G3} → {raw[^1].Ggn:G3}");
        return raw.Select(r => new ForcePoint(r.Step, r.Loss, r.Loss - final, r.Res, r.Ggn, r.H)).ToList();
    }

    private static IEnumerable<string> Pictures(ExperimentContext context, ForceSetting setting, List<List<ForcePoint>> runs, ForceFit fit)
    {
        var used = runs.SelectMany(ForceFit.Fitted).ToList();
        PowerLawFitOrNull(used, p => p.Ggn, out var ggnFit);
        string path = context.PathOf($"{setting.Name}_parts_vs_gap.png");
        LogLogFitPlot.Save(path, new[]
        {
            new FitSeries($"residual part of H_WV (slope per seed {Ci(fit.Residual)})", used.Select(p => p.Gap).ToList(), used.Select(p => p.Residual).ToList(), Fit: fit.PooledResidual),
            new FitSeries($"GGN part of H_WV (slope per seed {Ci(fit.Ggn)})", used.Select(p => p.Gap).ToList(), used.Select(p => p.Ggn).ToList(), Fit: ggnFit),
        }, new LinePlotOptions
        {
            Title = $"E12 {setting.Name}: ‖H_WV parts‖_F vs loss − final loss\n{runs.Count} seeds, points with gap ≥ final loss; theory: residual slope 1",
            XLabel = "loss − final loss", YLabel = "Frobenius norm",
        });
        yield return path;
        var r0 = runs[0].Where(p => p.Step >= 1).ToList();
        var steps = r0.Select(p => (double)p.Step).ToList();
        string curve = context.PathOf($"{setting.Name}_along_training.png");
        LinePlot.Save(curve, new[]
        {
            new LineSeries("loss", steps, r0.Select(p => p.Loss).ToList()),
            new LineSeries("‖residual part of H_WV‖_F", steps, r0.Select(p => p.Residual).ToList()),
            new LineSeries("‖GGN part of H_WV‖_F", steps, r0.Select(p => p.Ggn).ToList()),
            new LineSeries("‖H_WV‖_F", steps, r0.Select(p => p.Whole).ToList()),
        }, new LinePlotOptions { Title = $"E12 {setting.Name}, seed {setting.Problem.Seed}\n{setting.Problem.Describe()}", XLabel = "Adam step", YLabel = "value", LogX = true, LogY = true });
        yield return curve;
    }

    private static void PowerLawFitOrNull(List<ForcePoint> pts, Func<ForcePoint, double> y, out Structure.PowerLawFit? fit)
    {
        try { fit = Structure.PowerLawFit.Fit(pts.Select(p => p.Gap).ToList(), pts.Select(y).ToList()); }
        catch (ArgumentException) { fit = null; }
    }
}
