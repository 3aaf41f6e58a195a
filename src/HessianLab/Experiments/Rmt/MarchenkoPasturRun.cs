using HessianLab.Spectra;

namespace HessianLab.Experiments.Rmt;

/// <summary>The talk's plain picture (`hessianlab rmt`): eigenvalues of many draws of A = (1/n) X Xᵀ against the
/// Marchenko–Pastur law, with the point mass at 0 when d &gt; n; writes the PNG, the moment row (CSV, JSON) and the
/// configuration.</summary>
public static class MarchenkoPasturRun
{
    /// <summary>Runs the draws and writes rmt_marchenko_pastur.png, rmt_moments.csv, rmt_moments.json, rmt_config.json.</summary>
    /// <param name="options">d, n, draws, seed.</param>
    /// <param name="outDir">Output folder (created).</param>
    /// <param name="bins">Histogram bins (≥ 5).</param>
    /// <param name="progress">Called with (draws done, total).</param>
    /// <returns>The moment row and the files written.</returns>
    /// <exception cref="ArgumentException">Bad sizes or bins.</exception>
    public static (MomentRow Row, IReadOnlyList<string> Files) Run(RandomMatrixOptions options, string outDir, int bins = 90, Action<int, int>? progress = null)
    {
        options.Validated();
        if (bins < 5) throw new ArgumentException($"bins must be ≥ 5, got {bins}", nameof(bins));
        var ctx = new ExperimentContext(outDir);
        var mp = SpectrumCase.MarchenkoPastur(options, progress);
        var r = mp.Row;
        var files = new List<string> { ctx.PathOf("rmt_marchenko_pastur.png") };
        mp.SaveHistogram(files[0], $"Eigenvalues of (1/n) X X^T: n = {options.Samples}, d = {options.Dim} (γ = {r.Gamma:G4}), {options.Draws} draws; KS = {r.Kolmogorov:F4}",
            $"Marchenko–Pastur, γ = {r.Gamma:G4}", bins);
        files.Add(ctx.WriteCsv("rmt_moments.csv", MomentRow.CsvHeader, new[] { r.CsvValues }));
        files.Add(ctx.WriteJson("rmt_moments.json", r));
        files.Add(ctx.WriteJson("rmt_config.json", new { d = options.Dim, n = options.Samples, draws = options.Draws, seed = options.Seed, bins, gamma = r.Gamma, zeroTolerance = "1e-9 · max|λ|" }));
        return (r, files);
    }
}
