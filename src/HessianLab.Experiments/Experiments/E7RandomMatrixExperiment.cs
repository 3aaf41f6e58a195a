using System.Diagnostics;
using HessianLab.Core;
using HessianLab.Experiments.Rmt;
using HessianLab.Plots;
using HessianLab.Spectra;
using HessianLab.Theory;

namespace HessianLab.Experiments;

/// <summary>E7 — the random-matrix view of the talk's "Key Challenges in the Proof": spectra of A = (1/n) X Λ Xᵀ for
/// (a) Λ = I against Marchenko–Pastur, (b) Λ independent of X against the generalized Marchenko–Pastur law
/// (Silverstein equation), (c) Λ = diag(p(1 − p)) from the softmax of the same X (the CE Hessian block) against the
/// generalized law of an independent copy of Λ, with first and second moments over growing N at fixed d/N.</summary>
public sealed class E7RandomMatrixExperiment : IExperiment
{
    /// <inheritdoc />
    public string Id => "E7";

    /// <inheritdoc />
    public string Title => "Random-matrix view: Marchenko–Pastur, generalized MP, dependent Λ";

    /// <inheritdoc />
    public string Claim => "Eigenvalues of (1/n) X Λ Xᵀ follow MP for Λ = I; with Λ = p(1−p) from the same X, the second moment agrees with the independent-copy (generalized MP) value as N, d grow";

    /// <summary>The settings used: <see cref="E7Settings.Quick"/> or <see cref="E7Settings.Full"/> unless overridden.</summary>
    public E7Settings? Settings { get; init; }

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var sw = Stopwatch.StartNew();
        var s = Settings ?? (context.Quick ? E7Settings.Quick : E7Settings.Full);
        var files = new List<string>();
        var rows = new List<MomentRow>();
        long seed = context.Seed;

        // Every case draws from its own seeded generator, so the cases run side by side (one libtorch thread each, the
        // largest first) with the numbers they have one after the other.
        var h = new DiagonalDistribution(s.TwoPointAtoms, s.TwoPointWeights);
        var jobs = new List<(double Cost, Func<SpectrumCase[]> Run)>
        {
            (Cost(s.Dim, s.Samples, s.Draws), () =>
            {
                // (a) Λ = I.
                context.Report($"(a) Λ = I: n = {s.Samples}, d = {s.Dim}, {s.Draws} draws");
                var mp = SpectrumCase.MarchenkoPastur(new RandomMatrixOptions(s.Dim, s.Samples, s.Draws, seed));
                mp.SaveHistogram(context.PathOf("E7a_marchenko_pastur.png"), $"E7(a) Λ = I, n = {s.Samples}, d = {s.Dim} (γ = {mp.Row.Gamma:G3}), {s.Draws} draws; KS = {mp.Row.Kolmogorov:F4}",
                    $"Marchenko–Pastur, γ = {mp.Row.Gamma:G3}", s.Bins);
                return new[] { mp };
            }),
            (Cost(s.Dim, s.Samples, s.Draws), () =>
            {
                // (b) Λ i.i.d. two-point, independent of X.
                context.Report($"(b) Λ i.i.d. on {{{string.Join(", ", s.TwoPointAtoms)}}}, independent of X");
                var gmp = SpectrumCase.Independent(new RandomMatrixOptions(s.Dim, s.Samples, s.Draws, seed + 1), h);
                gmp.SaveHistogram(context.PathOf("E7b_generalized_mp.png"), $"E7(b) Λ i.i.d. ∈ {{{string.Join(", ", s.TwoPointAtoms)}}} (w = {string.Join(", ", s.TwoPointWeights)}) indep. of X, n = {s.Samples}, d = {s.Dim}, {s.Draws} draws; KS = {gmp.Row.Kolmogorov:F4}",
                    "generalized MP (Silverstein equation)", s.Bins, new MarchenkoPastur(gmp.Row.Gamma, h.Mean).ToSpectralDensity(2000), $"MP with Λ = E[τ] I = {h.Mean:G3} I");
                return new[] { gmp };
            }),
        };
        // (c) Λ from the softmax of the same X, growing N at fixed γ.
        foreach (var model in s.Models)
            for (int i = 0; i < s.DependentSamples.Length; i++)
            {
                int n = s.DependentSamples[i], d = Math.Max(1, (int)Math.Round(s.DependentRatio * n)), draws = s.DependentDraws[i], index = i;
                jobs.Add((2 * Cost(d, n, draws), () =>
                {
                    var source = new SoftmaxLambda(model, s.Classes, s.Hidden, 0).Validated();
                    context.Report($"(c) {source.Name}: N = {n}, d = {d}, {draws} draws (+ independent copy)");
                    var (dep, copy) = SpectrumCase.Dependent(new RandomMatrixOptions(d, n, draws, seed + 100 * (index + 1) + (int)model), source);
                    if (index == s.DependentSamples.Length - 1)
                        dep.SaveHistogram(context.PathOf($"E7c_{source.Name}.png"), $"E7(c) Λ = {LambdaText(model)} from the same X, C = {s.Classes}; N = {n}, d = {d}, {dep.LawDraws} draws; KS = {dep.Row.Kolmogorov:F4}",
                            $"generalized MP of each draw's own Λ law (independent copy), averaged over {dep.LawDraws} draws", s.Bins);
                    return new[] { dep, copy };
                }));
            }
        var order = Enumerable.Range(0, jobs.Count).OrderByDescending(j => jobs[j].Cost).ToList();
        var done = SideBySide.Run(order.Select(j => jobs[j].Run).ToList());
        var results = new SpectrumCase[jobs.Count][];
        for (int k = 0; k < order.Count; k++) results[order[k]] = done[k];

        var (a, b) = (results[0][0], results[1][0]);
        rows.Add(a.Row);
        rows.Add(b.Row);
        files.Add(context.PathOf("E7a_marchenko_pastur.png"));
        files.Add(context.PathOf("E7b_generalized_mp.png"));
        var gapSeries = new List<(string, double[], double[], double[])>();
        for (int m = 0; m < s.Models.Length; m++)
        {
            var cases = results.Skip(2 + m * s.DependentSamples.Length).Take(s.DependentSamples.Length).ToList();
            var dependentRows = cases.Select(c => c[0].Row).ToList();
            var copyRows = cases.Select(c => c[1].Row).ToList();
            string name = cases[0][0].Sample.Source;
            files.Add(context.PathOf($"E7c_{name}.png"));
            rows.AddRange(dependentRows);
            rows.AddRange(copyRows);
            gapSeries.Add(($"{name} (Λ from the same X)", dependentRows.Select(r => (double)r.N).ToArray(),
                dependentRows.Select(r => r.M2RelativeGap).ToArray(), dependentRows.Select(r => r.M2GapStdErr / r.M2TheoryFinite).ToArray()));
            if (m == 0)
                gapSeries.Add(($"{name}: independent copy (control)", copyRows.Select(r => (double)r.N).ToArray(),
                    copyRows.Select(r => r.M2RelativeGap).ToArray(), copyRows.Select(r => r.M2GapStdErr / r.M2TheoryFinite).ToArray()));
        }
        files.Add(context.PathOf("E7c_moment_gap.png"));
        SpectrumPlot.SaveMomentGap(files[^1], gapSeries,
            $"E7(c) dependent vs independent Λ: gap of the second moment, γ = d/N = {s.DependentRatio}, C = {s.Classes}", "N (d = γN)");

        files.Add(context.WriteCsv("E7_moments.csv", MomentRow.CsvHeader, rows.Select(r => r.CsvValues)));
        files.Add(context.WriteJson("E7_moments.json", rows));
        files.Add(context.PathOf("E7_moments.md"));
        IO.AtomicFile.WriteText(files[^1], MomentRow.Markdown(rows));
        files.Add(context.WriteJson("E7_config.json", new { experiment = Id, quick = context.Quick, seed, settings = s, zeroTolerance = "1e-9 · max|λ|", kolmogorov = "sup |F_sample − F_law|, atom at 0 included" }));

        var table = new List<IReadOnlyList<string>> { MomentRow.PrintedHeader };
        table.AddRange(rows.Select(r => r.Printed));
        var first = rows.First(r => r.Part == "c");
        var last = rows.Last(r => r.Part == "c" && r.Lambda == first.Lambda);
        string headline = $"(a) MP KS = {a.Row.Kolmogorov:F4}, m2 = {a.Row.M2Empirical:F4} vs 1 + γ = {a.Row.M2TheoryLimit:F4}; (b) KS = {b.Row.Kolmogorov:F4}; " +
            $"(c) {first.Lambda}: relative m2 gap to the independent value {100 * first.M2RelativeGap:+0.00;-0.00}% at N = {first.N} → {100 * last.M2RelativeGap:+0.00;-0.00}% ± {100 * last.M2GapStdErr / last.M2TheoryFinite:0.00}% at N = {last.N}";
        return new ExperimentResult(headline, table, files, sw.Elapsed.TotalSeconds);
    }

    /// <summary>A case's relative cost, for starting the largest first: draws × the product and eigensolve, ≈ d²·max(d, n).</summary>
    private static double Cost(int d, int n, int draws) => (double)draws * d * d * Math.Max(d, n);

    private static string LambdaText(SoftmaxModelKind model) => model switch
    {
        SoftmaxModelKind.Linear => "p(1 − p) of a linear softmax",
        SoftmaxModelKind.OneHidden => "p(1 − p) of a 1-hidden-layer net",
        _ => "hidden-neuron CE weights",
    };
}
