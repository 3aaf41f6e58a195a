using System.Diagnostics;
using System.Globalization;
using HessianLab.Curvature.Exact;
using HessianLab.Experiments.Hessians;
using HessianLab.Losses;
using HessianLab.Plots;
using HessianLab.Problems;
using HessianLab.Statistics;
using HessianLab.Structure;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Limits;

/// <summary>E13, the theorem's limit (talk's Theorem 2 is a d, N → ∞ limit at d/N = γ and fixed m): at init, for growing d
/// with N = d/γ, the scaled ratios ρ_hidden(MSE)·C and ρ_output(CE)·C² (bounded if ρ = O(1/C), O(1/C²)) and the slopes
/// of log ρ on log C, in particular whether the CE-hidden slope (−0.92 at E3's single size) approaches −1.
/// Theory preset (LeCun, float64), ReLU, Gaussian data with random labels; only H_WW and H_VV are computed.</summary>
public sealed class E13LimitExperiment : IExperiment
{
    /// <summary>Full size: γ ∈ {0.1 (E3's d/N), 0.5}, d ∈ {25, 50, 100, 200}, m = 8, C ∈ {10, 30, 90}.</summary>
    public static E13Config Full { get; } = new(new[] { 0.1, 0.5 }, new[] { 25, 50, 100, 200 }, 8, new[] { 10, 30, 90 }, 3, 0);

    /// <summary>Quick size: γ = 0.25, d ∈ {8, 16}, m = 3, C ∈ {4, 8}.</summary>
    public static E13Config Quick { get; } = new(new[] { 0.25 }, new[] { 8, 16 }, 3, new[] { 4, 8 }, 3, 0);

    /// <inheritdoc />
    public string Id => "E13";

    /// <inheritdoc />
    public string Title => "Theorem 2's limit: ρ·C (MSE hidden) and ρ·C² (CE output) as d, N grow at fixed d/N";

    /// <inheritdoc />
    public string Claim => "As d, N → ∞ with d/N = γ and m fixed, ρ_hidden(MSE) = O(1/C) and ρ_output(CE) = O(1/C²): the scaled ratios stay bounded, and the slopes on log C approach −1 and −2.";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var sw = Stopwatch.StartNew();
        var cfg = (context.Quick ? Quick : Full) with { Seeds = Math.Max(3, context.Quick ? 3 : Math.Min(context.Seeds, 5)), BaseSeed = context.Seed };
        var files = new List<string> { context.WriteJson("config.json", new { experiment = Id, quick = context.Quick, preset = "theory (LeCun, float64)", data = "Gaussian, random labels", activation = "ReLU", sweep = cfg }) };
        var points = new List<LimitPoint>();
        foreach (double gamma in cfg.Gammas)
            foreach (int d in cfg.Dims)
                foreach (int c in cfg.Classes)
                    for (int s = 0; s < cfg.Seeds; s++)
                        points.Add(Measure(context, gamma, d, cfg.Hidden, c, cfg.BaseSeed + s));
        var rows = cfg.Gammas.SelectMany(g => cfg.Dims.Select(d => LimitRow.Of(g, d, points.Where(p => p.Gamma == g && p.Dim == d).ToList()))).ToList();
        files.Add(context.WriteCsv("points.csv", new[] { "gamma", "d", "N", "C", "seed", "rho_hidden_ce", "rho_output_ce", "rho_hidden_mse" },
            points.Select(p => (IReadOnlyList<object>)new object[] { p.Gamma, p.Dim, p.Samples, p.Classes, p.Seed, ResultTables.R(p.CeHidden), ResultTables.R(p.CeOutput), ResultTables.R(p.MseHidden) })));
        files.Add(context.WriteJson("results.json", new { config = cfg, rows, points }));
        files.AddRange(Pictures(context, cfg, rows));
        var header = new List<string> { "γ", "d", "N" };
        header.AddRange(cfg.Classes.Select(c => $"ρ_h(MSE)·C, C={c}"));
        header.AddRange(cfg.Classes.Select(c => $"ρ_o(CE)·C², C={c}"));
        header.AddRange(new[] { "CE hidden slope", "MSE hidden slope", "CE output slope" });
        var table = new List<IReadOnlyList<string>> { header };
        table.AddRange(rows.Select(r => (IReadOnlyList<string>)new[] { r.Gamma.ToString(CultureInfo.InvariantCulture), r.Dim.ToString(), r.Samples.ToString() }
            .Concat(cfg.Classes.Select(c => r.MseHiddenTimesC[c].Format(ResultTables.G)))
            .Concat(cfg.Classes.Select(c => r.CeOutputTimesC2[c].Format(ResultTables.G)))
            .Concat(new[] { F(r.CeHiddenSlope), F(r.MseHiddenSlope), F(r.CeOutputSlope) }).ToList()));
        string headline = string.Join("; ", cfg.Gammas.Select(g =>
        {
            var rs = rows.Where(r => r.Gamma == g).ToList();
            return $"γ = {g.ToString(CultureInfo.InvariantCulture)}: CE hidden slope {F(rs[0].CeHiddenSlope)} at d = {rs[0].Dim} → {F(rs[^1].CeHiddenSlope)} at d = {rs[^1].Dim}, " +
                   $"ρ_o(CE)·C² at C = {cfg.Classes[^1]} {rs[0].CeOutputTimesC2[cfg.Classes[^1]].Format(ResultTables.G)} → {rs[^1].CeOutputTimesC2[cfg.Classes[^1]].Format(ResultTables.G)}";
        })) + $" (m = {cfg.Hidden}, {cfg.Seeds} seeds, 95 % intervals).";
        return new ExperimentResult(headline, table, files, sw.Elapsed.TotalSeconds);
    }

    private static string F(Interval i) => i.Format(v => v.ToString("F3", CultureInfo.InvariantCulture));

    /// <summary>ρ_hidden and ρ_output under CE, ρ_hidden under MSE, for one net and data set.</summary>
    private static LimitPoint Measure(ExperimentContext context, double gamma, int d, int m, int c, long seed)
    {
        int n = E13Config.SamplesFor(d, gamma);
        var rho = new Dictionary<LossKind, (double Hidden, double Output)>();
        foreach (var loss in new[] { LossKind.Ce, LossKind.Mse })
        {
            using var scope = NewDisposeScope();
            var (model, data) = MlpPresets.Theory(new[] { d, m, c }, n, seed: seed, loss: loss).Create();
            var engine = new ExactMlpHessian(model, data, loss);
            var pairs = loss == LossKind.Ce ? new[] { (1, 1), (2, 2) } : new[] { (1, 1) };
            var blocks = engine.LayerBlocks(pairs);
            rho[loss] = (StructureAnalysis.LayerRho(blocks[(1, 1)], d).Rho, loss == LossKind.Ce ? StructureAnalysis.LayerRho(blocks[(2, 2)], m).Rho : 0);
        }
        context.Report($"E13 γ={gamma} d={d} N={n} C={c} seed {seed}: ρ_h(CE) {rho[LossKind.Ce].Hidden:G4}, ρ_o(CE) {rho[LossKind.Ce].Output:G4}, ρ_h(MSE) {rho[LossKind.Mse].Hidden:G4}");
        return new LimitPoint(gamma, d, n, c, seed, rho[LossKind.Ce].Hidden, rho[LossKind.Ce].Output, rho[LossKind.Mse].Hidden);
    }

    private static IEnumerable<string> Pictures(ExperimentContext context, E13Config cfg, List<LimitRow> rows)
    {
        var opts = new LinePlotOptions { XLabel = "input dimension d (N = d/γ)", LogX = true, Width = 1100, Height = 650 };
        static BandSeries Band(string label, List<LimitRow> rs, Func<LimitRow, Interval> pick) => new(label, rs.Select(r => (double)r.Dim).ToList(),
            rs.Select(r => pick(r).Mean).ToList(), rs.Select(r => pick(r).Low).ToList(), rs.Select(r => pick(r).High).ToList());
        string slope = context.PathOf("ce_hidden_slope_vs_d.png");
        var series = new List<BandSeries>();
        foreach (double g in cfg.Gammas)
        {
            var rs = rows.Where(r => r.Gamma == g).OrderBy(r => r.Dim).ToList();
            series.Add(Band($"CE hidden, γ = {g}", rs, r => r.CeHiddenSlope));
            series.Add(Band($"MSE hidden, γ = {g}", rs, r => r.MseHiddenSlope));
        }
        IntervalBandPlot.Save(slope, series, opts with
        {
            Title = $"E13: per-seed slope of log ρ_hidden on log C, C ∈ {{{string.Join(", ", cfg.Classes)}}}\nm = {cfg.Hidden}, {cfg.Seeds} seeds, theory preset at init",
            YLabel = "slope",
        }, new[] { (-1.0, "−1 (MSE: O(1/C) tight)") });
        yield return slope;
        foreach (var (file, what, pick) in new (string, string, Func<LimitRow, IReadOnlyDictionary<int, Interval>>)[]
        {
            ("mse_hidden_times_C_vs_d.png", "ρ_hidden(MSE)·C", r => r.MseHiddenTimesC),
            ("ce_output_times_C2_vs_d.png", "ρ_output(CE)·C²", r => r.CeOutputTimesC2),
        })
        {
            string path = context.PathOf(file);
            var s = cfg.Gammas.SelectMany(g => cfg.Classes.Select(c =>
                Band($"γ = {g}, C = {c}", rows.Where(r => r.Gamma == g).OrderBy(r => r.Dim).ToList(), r => pick(r)[c]))).ToList();
            IntervalBandPlot.Save(path, s, opts with
            {
                Title = $"E13: {what} at init vs d\nm = {cfg.Hidden}, {cfg.Seeds} seeds; bounded in d and C if Theorem 2's bound holds", YLabel = what,
            });
            yield return path;
        }
    }
}
