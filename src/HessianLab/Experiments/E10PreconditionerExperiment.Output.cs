using System.Globalization;
using HessianLab.Experiments.Preconditioners;
using HessianLab.IO;
using ScottPlot;

namespace HessianLab.Experiments;

public sealed partial class E10PreconditionerExperiment
{
    private static string F(double x) => x.ToString("G4", CultureInfo.InvariantCulture);

    private static IEnumerable<string> WriteTables(ExperimentContext context, IReadOnlyList<E10LayerResult> layers)
    {
        yield return context.WriteCsv("e10_table.csv",
            new[] { "layer", "rows", "cols", "preconditioner", "rank", "kappa", "kappa90", "log10_spread", "mu_max", "mu_min", "formula" },
            layers.SelectMany(L => L.Qualities.Select(q => (IReadOnlyList<object>)new object[]
                { L.Layer, L.Rows, L.Cols, q.Preconditioner, q.Rank, q.Kappa, q.Kappa90, q.LogSpread, q.MuMax, q.MuMin, $"\"{q.Formula}\"" })));
        yield return context.WriteCsv("e10_kronecker_check.csv",
            new[] { "layer", "rows", "cols", "rel_err_I_kron_(MtM)^-1/2", "rel_err_(MMt)^-1/2_kron_I", "rel_err_swapped_(MtM)^-1/2_kron_I_m", "ns5_vs_polar", "ns12_vs_polar" },
            layers.Select(L => (IReadOnlyList<object>)new object[]
                { L.Layer, L.Rows, L.Cols, L.Kronecker.RowMajorTalkForm, L.Kronecker.RowMajorLeftForm, L.Kronecker.SwappedOrder, L.Kronecker.QuinticVsPolar, L.Kronecker.Polar12VsPolar }));
        yield return context.WriteJson("e10_results.json", layers);
    }

    private static IReadOnlyList<IReadOnlyList<string>> SummaryTable(IReadOnlyList<E10LayerResult> layers)
    {
        var rows = new List<IReadOnlyList<string>> { new[] { "layer", "preconditioner", "rank", "kappa", "kappa90", "sd log10 mu" } };
        foreach (var L in layers)
            foreach (var q in L.Qualities)
                rows.Add(new[] { $"{L.Layer} ({L.Rows}x{L.Cols})", q.Preconditioner, q.Rank.ToString(CultureInfo.InvariantCulture), F(q.Kappa), F(q.Kappa90), F(q.LogSpread) });
        return rows;
    }

    private static string Headline(IReadOnlyList<E10LayerResult> layers) =>
        "kappa(P^1/2 H+ P^1/2): " + string.Join("; ", layers.Select(L =>
            $"{L.Layer}: " + string.Join(", ", L.Qualities.Where(q => q.Preconditioner is "none (I)" or "Adam" or "Adam-mini" or "Muon" or "NorMuon")
                .Select(q => $"{q.Preconditioner} {F(q.Kappa)}")))) +
        $". Muon = I_m kron (M^T M)^-1/2 on row-major theta (rel. err {string.Join(", ", layers.Select(L => F(L.Kronecker.RowMajorTalkForm)))}; swapped order {string.Join(", ", layers.Select(L => F(L.Kronecker.SwappedOrder)))}).";

    private static string PlotSpectra(ExperimentContext context, Dictionary<string, Dictionary<string, double[]>> spectra)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int k = 0;
        foreach (var (layer, byName) in spectra)
        {
            int c = 0;
            foreach (var (name, mu) in byName)
            {
                var xs = Enumerable.Range(0, mu.Length).Select(i => mu.Length > 1 ? i / (double)(mu.Length - 1) : 0).ToArray();
                var ys = mu.Select(x => Math.Log10(x / mu[0])).ToArray();
                var sc = plot.Add.ScatterLine(xs, ys);
                sc.Color = palette.GetColor(c++);
                sc.LinePattern = k == 0 ? LinePattern.Solid : LinePattern.Dashed;
                sc.LineWidth = 2;
                sc.LegendText = $"{layer}: {name}";
            }
            k++;
        }
        plot.Title("E10: spectra of P^1/2 H+ P^1/2 (non-zero eigenvalues, descending; solid W1, dashed W2)");
        plot.XLabel("eigenvalue index / (rank - 1)");
        plot.YLabel("log10(mu / mu_max)");
        plot.ShowLegend(Alignment.LowerLeft);
        string path = context.PathOf("e10_spectra.png");
        AtomicFile.WriteVia(path, tmp => plot.SavePng(tmp, 1100, 700));
        return path;
    }
}
