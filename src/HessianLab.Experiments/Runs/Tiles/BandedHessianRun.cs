using HessianLab.Core;
using HessianLab.IO;
using HessianLab.Models;
using TorchSharp;

namespace HessianLab.Runs.Tiles;

/// <summary>A Hessian run whose P × P matrix need not fit in memory: planned into bands of whole neuron blocks that do,
/// computed in sequence in this process and written straight into the memory-mapped DIR/hessian.npy with the
/// metrics and pictures of <see cref="HessianRun"/> (the path a cluster takes with tiles and a merge, without the
/// tile files). Refused only when hessian.npy does not fit on disk, or one neuron block of rows does not fit in memory.</summary>
public static class BandedHessianRun
{
    /// <summary>Largest band the automatic plan uses, whatever memory is free (keeps one run from taking the machine).</summary>
    public const long MaxBandBytes = 4L << 30;

    /// <summary>Whether <see cref="HessianRun.Execute"/> can hold this run in memory.</summary>
    public static bool FitsInMemory(HessianRunOptions o) => o.Validated().MemoryPlan().TotalBytes <= MemoryGuard.AvailableBytes();

    /// <summary>The number of bands the run is planned into: each band of P-wide float64 rows within the memory left
    /// after the data, the model and the engine's working budget, halved (the band and its reductions), at most
    /// <see cref="MaxBandBytes"/>.</summary>
    /// <exception cref="InsufficientMemoryException">Not even one neuron block of rows fits.</exception>
    public static int PlanBands(HessianRunOptions o)
    {
        var layout = Models.ParameterLayout.ForMlp(o.Model.Widths, o.Model.Bias);
        double fixedBytes = MlpMemory.FullBatch(o.Model.Widths, o.Model.Bias, o.Samples, o.Float32 ? 4 : 8).TotalBytes + o.MemoryBudgetBytes;
        long band = (long)Math.Min(MaxBandBytes, (MemoryGuard.AvailableBytes() - fixedBytes) / 2);
        try { return TilePlan.BandsFor(layout, Math.Max(band, 1)); }
        catch (ArgumentException e) { throw new InsufficientMemoryException($"the Hessian run ({o.Model.WidthsText}, N = {o.Samples}) cannot be banded into memory: {e.Message}"); }
    }

    /// <summary>Runs the job in <paramref name="bands"/> bands (null: <see cref="PlanBands"/>).</summary>
    /// <exception cref="ArgumentException">Bad options or band count; the GGN split requested.</exception>
    /// <exception cref="IOException">hessian.npy does not fit on disk; the folder cannot be used.</exception>
    /// <exception cref="InsufficientMemoryException">A band does not fit.</exception>
    public static HessianRunResult Execute(HessianRunOptions o, int? bands = null, Action<string, int, int>? progress = null, RunRecord? record = null)
    {
        o.Validated();
        if (o.Parts) throw new ArgumentException("the GGN/residual split (parts) is not computed band by band; run without it", nameof(o));
        var layout = Models.ParameterLayout.ForMlp(o.Model.Widths, o.Model.Bias);
        BandedResult.EnsureDiskFits(o.OutDir, layout.Count);   // first: the one refusal left for a big Hessian
        int elementSize = o.Float32 ? 4 : 8;
        MlpMemory.FullBatch(o.Model.Widths, o.Model.Bias, o.Samples, elementSize)   // the model and data must fit whatever the bands
            .EnsureFits($"the Hessian run ({o.Model.WidthsText}, N = {o.Samples})");
        int n = bands ?? PlanBands(o);
        var plan = TilePlan.Bands(layout, n);
        int size = o.Float32 ? 4 : 8;
        MlpMemory.FullBatch(o.Model.Widths, o.Model.Bias, o.Samples, size)
            .Add($"a band of {plan.Max(b => b.Rows)} Hessian rows and its reductions", 8, 2, plan.Max(b => b.Rows), layout.Count)
            .EnsureFits($"the Hessian run ({o.Model.WidthsText}, N = {o.Samples}) in {n} bands");
        using var folder = ResultFolder.Begin(o.OutDir, record ?? RunRecord.Library("BandedHessianRun.Execute", o.Seed));
        using var scope = torch.NewDisposeScope();
        using var inputs = RunInputs.Build(o, progress);
        var options = TileOptions.Of(o, inputs.Method);
        string inputDir = folder.PathOf("inputs");
        Directory.CreateDirectory(inputDir);
        var hashes = inputs.Save(inputDir);
        var config = new { options, parameters = layout.Count, bands = n, shards = 1, inputsSha256 = hashes, method = inputs.Method,
            thetaOrder = "row-major per layer: [vec_row([W1|b1]); vec_row([W2|b2]); ...]", segments = layout.Segments };
        var (files, analysis, seconds) = BandedResult.Write(folder.Staging, layout, plan, k => inputs.Rows(o, plan[k], 0, o.Samples, null),
            BandedResult.NetTitle(options), config, new { loss = inputs.Loss, method = inputs.Method }, progress);
        files.AddRange(Directory.GetFiles(inputDir));
        folder.Commit();
        return new HessianRunResult(layout.Count, inputs.Loss, inputs.Method, seconds, HessianRun.LayerNorms(analysis, layout),
            files.Select(folder.FinalPathOf).ToList(), analysis.Metrics);
    }
}
