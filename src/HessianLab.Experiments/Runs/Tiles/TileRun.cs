using HessianLab.Core;
using HessianLab.Curvature;
using HessianLab.Curvature.Exact;
using HessianLab.IO;
using HessianLab.Models;
using HessianLab.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Runs.Tiles;

/// <summary>Computes one tile of a Hessian run — rows [r0, r1) of H_s, the Hessian of the mean loss over one shard of
/// the samples — and writes it as its own result folder <c>DIR/tiles/K-of-N[-shard-S-of-M]/</c>: rows.npy
/// ((r1 − r0) × P, float64), inputs/ (X, y, weights), tile.json (<see cref="TileRecord"/>) and manifest.json.</summary>
/// <remarks>The exact engine computes only the band's neuron rows (<see cref="ExactMlpHessian.NeuronRows"/>, cost
/// 2 N_s c_{l−1} P flops per neuron: proportional to the band); autograd computes the same rows one backward each.
/// Array tasks of one job write to different folders, each staged and locked (<see cref="ResultFolder"/>).</remarks>
public static class TileRun
{
    /// <summary>The folder of a tile: <c>DIR/tiles/NAME</c>.</summary>
    public static string FolderOf(string dir, TileSpec tile) => Path.Combine(dir, "tiles", tile.FolderName);

    /// <summary>Runs the tile. Options as for <see cref="HessianRun.Execute"/> (<see cref="HessianRunOptions.OutDir"/> is DIR).</summary>
    /// <exception cref="ArgumentException">Bad options or tile, or the GGN split requested (not tiled).</exception>
    /// <exception cref="InsufficientMemoryException">The band does not fit (before anything is allocated).</exception>
    /// <exception cref="IOException">The tile folder cannot be used, or another task holds it.</exception>
    /// <exception cref="ArithmeticException">Training diverged or the rows are not finite (nothing is written).</exception>
    public static TileRecord Execute(HessianRunOptions o, TileSpec tile, Action<string, int, int>? progress = null, RunRecord? record = null)
    {
        o.Validated();
        tile.Validated();
        if (o.Parts) throw new ArgumentException("the GGN/residual split (parts) is not computed per tile; run without it", nameof(o));
        var layout = Models.ParameterLayout.ForMlp(o.Model.Widths, o.Model.Bias);
        var band = TilePlan.Bands(layout, tile.Bands)[tile.Band - 1];
        var (s0, s1) = tile.SampleRange(o.Samples);
        int size = o.Float32 ? 4 : 8;
        var plan = MlpMemory.FullBatch(o.Model.Widths, o.Model.Bias, o.Samples, size)
            .Add($"the {band.Rows}×{layout.Count} band of Hessian rows", size, band.Rows, layout.Count)
            .Add("its float64 copy for rows.npy", 8, o.Float32 ? band.Rows : 0, layout.Count);
        plan.EnsureFits($"tile {tile.FolderName} ({o.Model.WidthsText}, N = {o.Samples})");
        using var folder = ResultFolder.Begin(FolderOf(o.OutDir, tile), record ?? RunRecord.Library("TileRun.Execute", o.Seed));
        using var scope = torch.NewDisposeScope();
        using var inputs = RunInputs.Build(o, progress);
        var rows = inputs.Rows(o, band, s0, s1, progress);
        NonFinite.ThrowIfAny(rows, $"the Hessian rows of tile {tile.FolderName}");
        Npy.Save(folder.PathOf("rows.npy"), rows.to_type(ScalarType.Float64));
        string inputDir = folder.PathOf("inputs");
        Directory.CreateDirectory(inputDir);
        var hashes = inputs.Save(inputDir);
        var result = new TileRecord(TileRecord.FormatName, tile.Band, tile.Bands, tile.Shard, tile.Shards, band.Start, band.End,
            s0, s1, layout.Count, inputs.Loss, inputs.Method, TileOptions.Of(o, inputs.Method), hashes);
        JsonFiles.Write(folder.PathOf(TileRecord.FileName), result);
        folder.Commit();
        return result;
    }
}
