using HessianLab.Core;
using HessianLab.Experiments.Rmt;
using HessianLab.IO;
using HessianLab.Spectra;

namespace HessianLab.Runs;

/// <summary>The talk's plain random-matrix picture (`hessianlab rmt`): eigenvalues of many draws of
/// A = (1/n) X Xᵀ against the Marchenko–Pastur law, with the point mass at 0 when d &gt; n; writes the PNG, the
/// moment row (CSV, JSON) and the configuration as one result folder (<see cref="ResultFolder"/>).</summary>
public static class RmtRun
{
    /// <summary>The most histogram bins: a picture is a few thousand pixels wide.</summary>
    public const int MaxBins = 10_000;

    /// <summary>Runs the draws and writes rmt_marchenko_pastur.png, rmt_moments.csv, rmt_moments.json, rmt_config.json.</summary>
    /// <param name="options">d, n, draws, seed.</param>
    /// <param name="outDir">The result folder.</param>
    /// <param name="bins">Histogram bins (5 … <see cref="MaxBins"/>).</param>
    /// <param name="progress">Called with (draws done, total).</param>
    /// <param name="record">What started the run, for the manifest (default: a library call).</param>
    /// <returns>The moment row and the files written.</returns>
    /// <exception cref="ArgumentException">Bad sizes or bins.</exception>
    /// <exception cref="InsufficientMemoryException">The draws do not fit in memory (checked before any allocation).</exception>
    public static (MomentRow Row, IReadOnlyList<string> Files) Run(RandomMatrixOptions options, string outDir, int bins = 90,
        Action<int, int>? progress = null, RunRecord? record = null)
    {
        options.Validated();
        if (bins is < 5 or > MaxBins) throw new ArgumentException($"bins must be between 5 and {MaxBins}, got {bins}", nameof(bins));
        MemoryPlan(options).EnsureFits($"{options.Draws} draws of a {options.Dim}×{options.Dim} matrix");
        using var folder = ResultFolder.Begin(outDir, record ?? RunRecord.Library("RmtRun.Run", options.Seed));
        string PathOf(string name) => Path.Combine(folder.Staging, name);
        var mp = SpectrumCase.MarchenkoPastur(options, progress);
        var r = mp.Row;
        var files = new List<string> { PathOf("rmt_marchenko_pastur.png") };
        mp.SaveHistogram(files[0], $"Eigenvalues of (1/n) X X^T: n = {options.Samples}, d = {options.Dim} (γ = {r.Gamma:G4}), {options.Draws} draws; KS = {r.Kolmogorov:F4}",
            $"Marchenko–Pastur, γ = {r.Gamma:G4}", bins);
        files.Add(CsvFiles.Write(PathOf("rmt_moments.csv"), MomentRow.CsvHeader, new[] { r.CsvValues }));
        files.Add(JsonFiles.Write(PathOf("rmt_moments.json"), r));
        files.Add(JsonFiles.Write(PathOf("rmt_config.json"), new { d = options.Dim, n = options.Samples, draws = options.Draws, seed = options.Seed, bins, gamma = r.Gamma, zeroTolerance = "1e-9 · max|λ|" }));
        folder.Commit();
        return (r, files.Select(folder.FinalPathOf).ToList());
    }

    /// <summary>One batch of draws (X: d×n, A: d×d, eigen work ≈ 3 of each) and every eigenvalue kept (draws × d).</summary>
    public static MemoryPlan MemoryPlan(RandomMatrixOptions o) => new MemoryPlan()
        .Add("one batch of draws", 8, Math.Max(1, Math.Min(o.Draws, o.EffectiveBatchSize())), 3.0 * o.Dim * o.Samples + 3.0 * o.Dim * o.Dim)
        .Add("eigenvalues of every draw", 8, o.Draws, o.Dim);
}
