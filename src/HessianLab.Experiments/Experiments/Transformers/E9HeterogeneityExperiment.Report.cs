using System.Diagnostics;
using HessianLab.Plots;
using HessianLab.Spectra;
using HessianLab.Statistics;

namespace HessianLab.Experiments.Transformers;

public sealed partial class E9HeterogeneityExperiment
{
    /// <summary>Seed means with 95 % intervals per matrix, the spans across matrices per seed, and seed 0's pictures.</summary>
    private static ExperimentResult Report(ExperimentContext ctx, IReadOnlyList<IReadOnlyList<HeterogeneityAnalysis.Outcome>> perSeed, object config, Stopwatch sw)
    {
        var first = perSeed[0];
        var names = first.Select(o => o.Numbers.Matrix).ToList();
        var summary = names.Select((name, i) => new
        {
            matrix = name, size = first[i].Numbers.Size,
            topEigenvalue = Interval.Of(perSeed.Select(s => s[i].Numbers.TopEigenvalue)),
            bottomEigenvalue = Interval.Of(perSeed.Select(s => s[i].Numbers.BottomEigenvalue)),
            meanEigenvalue = Interval.Of(perSeed.Select(s => s[i].Numbers.MeanEigenvalue)),
            rowNormSpread = Interval.Of(perSeed.Select(s => s[i].Numbers.RowNormMax / s[i].Numbers.RowNormMin)),
            rowNormCv = Interval.Of(perSeed.Select(s => s[i].Numbers.RowNormCv)),
        }).ToList();
        // Per seed: λ_max span across the matrices (positive λ_max only), and the largest row spread among hidden matrices.
        var spans = perSeed.Select(s => s.Select(o => o.Numbers.TopEigenvalue).Where(v => v > 0).ToArray()).Select(t => t.Max() / t.Min()).ToList();
        static bool Hidden(string n) => !(n.Contains("tok") || n.Contains("pos") || n.Contains("head") || n.Contains("wte") || n.Contains("wpe"));
        var hiddenSpread = perSeed.Select(s => s.Where(o => Hidden(o.Numbers.Matrix)).Select(o => o.Numbers.RowNormMax / o.Numbers.RowNormMin).DefaultIfEmpty(double.NaN).Max()).ToList();
        var hiddenCv = perSeed.Select(s => s.Where(o => Hidden(o.Numbers.Matrix)).Select(o => o.Numbers.RowNormCv).DefaultIfEmpty(double.NaN).Average()).ToList();
        var lambdaSpan = Interval.Of(spans);
        var rowSpread = Interval.Of(hiddenSpread);
        var cv = Interval.Of(hiddenCv);

        var files = new List<string>();
        files.AddRange(Pictures(ctx, first, perSeed.Count));
        files.Add(ctx.WriteJson("config.json", config));
        files.Add(ctx.WriteJson("results.json", new { seeds = perSeed.Count, lambdaMaxSpan = lambdaSpan, hiddenRowSpreadMax = rowSpread, hiddenRowCvMean = cv,
            summary, perSeed = perSeed.Select(s => s.Select(o => o.Numbers)) }));
        var header = new[] { "matrix", "entries", "λ_max", "λ_min", "mean λ", "row ‖g‖ max/min (non-zero rows)", "row ‖g‖ CV" };
        var rows = summary.Select(m => (IReadOnlyList<string>)new[]
        {
            m.matrix, m.size.ToString(), m.topEigenvalue.Format(v => v.ToString("G3")), m.bottomEigenvalue.Format(v => v.ToString("G3")),
            m.meanEigenvalue.Format(v => v.ToString("G3")), m.rowNormSpread.Format(v => v.ToString("G3")), m.rowNormCv.Format(v => v.ToString("F2")),
        }).ToList();
        files.Add(ctx.WriteCsv("summary.csv", header, rows.Select(r => (IReadOnlyList<object>)r.Cast<object>().ToList())));
        string headline = $"λ_max of H_WW spans {lambdaSpan.Format(v => v.ToString("G3"))}× across {names.Count} matrices; per-row gradient norms span up to " +
                          $"{rowSpread.Format(v => v.ToString("G3"))}× within one hidden matrix (mean CV {cv.Format(v => v.ToString("F2"))}); {perSeed.Count} seed(s)";
        return new ExperimentResult(headline, new[] { (IReadOnlyList<string>)header }.Concat(rows).ToList(), files, sw.Elapsed.TotalSeconds);
    }

    private static IEnumerable<string> Pictures(ExperimentContext ctx, IReadOnlyList<HeterogeneityAnalysis.Outcome> outcomes, int seeds)
    {
        // Densities on each matrix's own scale: x = λ / max|λ| of that matrix, so shapes are comparable; the scales are in λ_max.png.
        var series = new List<LineSeries>();
        var grid = Enumerable.Range(0, 401).Select(i => -1.05 + 2.1 * i / 400).ToArray();
        int probes = 0;
        foreach (var o in outcomes)
        {
            probes = Math.Max(1, (int)Math.Round(o.Weights.Sum()));
            double scale = o.Nodes.Max(Math.Abs);
            var dens = StochasticLanczosQuadrature.Density(o.Nodes.Select(x => x / scale).ToArray(), o.Weights, probes, grid, 0.02);
            series.Add(new LineSeries(o.Numbers.Matrix, grid, dens.Select(d => Math.Max(d, 1e-6)).ToArray()));
        }
        string density = ctx.PathOf("blockwise_spectral_density.png");
        LinePlot.Save(density, series, new LinePlotOptions
        {
            Title = "SLQ spectral density of each diagonal block H_WW, first seed (x scaled by the block's max |λ|)",
            XLabel = "λ / max|λ| of the block", YLabel = "density", LogY = true, Markers = false,
        });
        yield return density;
        string tops = ctx.PathOf("lambda_max.png");
        // One series per matrix role (tok, pos, q, k, v, o, fc, proj, head, …), x = the matrix's index in model order:
        // a legend of 27 matrices would repeat colours and be cut.
        var byRole = outcomes.Select((o, i) => (Role: RoleOf(o.Numbers.Matrix), X: (double)i, Y: Math.Max(o.Numbers.TopEigenvalue, 1e-12)))
            .GroupBy(p => p.Role);
        LinePlot.Save(tops, byRole.Select(g => new LineSeries(g.Key, g.Select(p => p.X).ToArray(), g.Select(p => p.Y).ToArray())).ToList(), new LinePlotOptions
        {
            Title = $"λ_max of each block H_WW (largest Ritz value of SLQ's Lanczos runs), seed 1 of {seeds}",
            XLabel = "weight matrix (in model order; layer by layer)", YLabel = "λ_max", LogY = true, Markers = true,
        });
        yield return tops;
        string norms = ctx.PathOf("row_gradient_norms.png");
        // Embeddings, head and the first and last blocks' matrices: every matrix would need a 27-entry legend with repeated colours.
        var layers = outcomes.Select(o => LayerOf(o.Numbers.Matrix)).Where(l => l is not null).Select(l => l!.Value).DefaultIfEmpty(0).ToList();
        var shown = outcomes.Where(o => LayerOf(o.Numbers.Matrix) is not { } l || l == layers.Min() || l == layers.Max());
        LinePlot.Save(norms, shown.Select(o =>
        {
            var sorted = o.RowNorms.Where(x => x > 0).OrderByDescending(x => x).ToArray();
            return new LineSeries(o.Numbers.Matrix, sorted.Select((_, i) => (double)i / Math.Max(1, sorted.Length - 1)).ToArray(), sorted.Select(x => Math.Max(x, 1e-12)).ToArray());
        }).ToList(), new LinePlotOptions
        {
            Title = "Per-row gradient norms, sorted; embeddings, head, first and last block; seed 1", XLabel = "row rank (fraction)", YLabel = "‖dL/dW[i,:]‖", LogY = true, Markers = false,
        });
        yield return norms;
    }

    /// <summary>"q" for "blocks.2.q.weight", "c_attn" for "h.0.attn.c_attn.weight", "tok" for "tok.weight".</summary>
    private static string RoleOf(string matrix)
    {
        var parts = matrix.Split('.');
        return parts.Length >= 2 ? parts[^2] : parts[0];
    }

    /// <summary>The block index in a parameter name (its first integer segment), or null (embeddings, head, final norm).</summary>
    private static int? LayerOf(string matrix) =>
        matrix.Split('.').Select(p => int.TryParse(p, out int v) ? v : (int?)null).FirstOrDefault(v => v is not null);
}
