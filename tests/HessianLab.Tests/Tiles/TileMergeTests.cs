using HessianLab.Curvature;
using HessianLab.Data;
using HessianLab.IO;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Plots;
using HessianLab.Runs;
using HessianLab.Runs.Tiles;
using HessianLab.Structure;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Tiles;

[Collection(TorchCollection.Name)]
public sealed class TileMergeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"hl-tiles-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, true);
    }

    private HessianRunOptions Options(string name, long seed = 3, int trainSteps = 0) =>
        new(new MlpSpec(new[] { 9, 6, 4, 5 }, Activation.Tanh, Bias: true, InitScheme.Lecun), LossKind.Ce, Samples: 40,
            Seed: seed, Training: new HessianLab.Training.TrainingOptions(trainSteps, 1e-2), OutDir: Path.Combine(_root, name));

    private static Tensor Load(string dir) => Npy.Load(Path.Combine(dir, "hessian.npy"));

    /// <summary>The reference: the exact engine's full matrix (symmetric-block algorithm) on the same weights.</summary>
    private static Tensor Reference(HessianRunOptions o)
    {
        var data = SyntheticData.Create(o.Data, o.Samples, o.Model.InputDim, o.Model.OutputDim, o.Seed, ScalarType.Float64, CPU);
        using var model = new Mlp(o.Model, o.InitSeed, ScalarType.Float64, CPU);
        if (o.TrainingOrNone.Steps > 0) HessianLab.Training.FullBatchTrainer.Train(model, data, o.Loss, o.TrainingOrNone);
        return AutogradHessian.ForMlp(model, () => Loss.Compute(o.Loss, model.forward(data.X), data.Y)).Full();
    }

    [Fact]
    public void Merged_tiles_equal_the_single_process_banded_run_bit_for_bit_and_the_autograd_Hessian()
    {
        var o = Options("job", trainSteps: 5);
        for (int k = 1; k <= 3; k++) TileRun.Execute(o, new TileSpec(k, 3));
        var merged = TileMerge.Execute(o.OutDir);
        var single = BandedHessianRun.Execute(o with { OutDir = Path.Combine(_root, "single") }, bands: 3);   // same plan, one process
        Assert.Empty(Manifest.Verify(o.OutDir));                       // tiles carried into the result, all listed
        Assert.True(Directory.Exists(Path.Combine(o.OutDir, "tiles", "2-of-3")));
        using var h = Load(o.OutDir);
        using var s = Load(Path.Combine(_root, "single"));
        Assert.True(h.eq(s).all().item<bool>(), "merged tiles differ from the same bands computed in one process");
        Assert.Equal(File.ReadAllBytes(Path.Combine(_root, "single", "inputs", "W2.npy")), File.ReadAllBytes(Path.Combine(o.OutDir, "inputs", "W2.npy")));
        using var reference = Reference(o);
        Assert.True((h - reference).abs().max().item<double>() < 1e-12 * reference.abs().max().item<double>(), "merged tiles differ from autograd");
        Assert.Equal(single.Loss, merged.Loss);
    }

    [Fact]
    public void Shards_sum_to_the_Hessian_of_the_mean_loss()
    {
        var o = Options("sharded");
        for (int k = 1; k <= 2; k++)
            for (int s = 1; s <= 3; s++) TileRun.Execute(o, new TileSpec(k, 2, s, 3));
        TileMerge.Execute(o.OutDir);
        using var h = Load(o.OutDir);
        using var reference = Reference(o);
        Assert.True((h - reference).abs().max().item<double>() < 1e-12 * reference.abs().max().item<double>());
        var (a, b) = TileRecord.Read(Path.Combine(o.OutDir, "tiles", "2-of-2-shard-3-of-3")) is var r ? (r.SampleStart, r.SampleEnd) : default;
        Assert.Equal((26, 40), (a, b));
    }

    [Fact]
    public void Streamed_metrics_and_pictures_equal_those_of_the_whole_matrix()
    {
        var o = Options("metrics");
        var result = BandedHessianRun.Execute(o, bands: 4);
        using var h = Load(o.OutDir);
        var layout = ParameterLayout.ForMlp(o.Model.Widths, o.Model.Bias);
        var whole = StructureAnalysis.Analyze(h, layout);
        Assert.Equal(whole.Metrics.FrobeniusNorm, result.Structure.FrobeniusNorm, 12);
        Assert.Equal(whole.Metrics.BlockDiagonalShare, result.Structure.BlockDiagonalShare, 12);
        for (int i = 0; i < whole.Metrics.Layers.Count; i++)
            Assert.Equal(whole.Metrics.Layers[i].Rho, result.Structure.Layers[i].Rho, 12);
        var norms = HessianRun.LayerNorms(whole, layout);
        for (int i = 0; i < norms.Count; i++) Assert.Equal(norms[i].Frobenius, result.LayerNorms[i].Frobenius, 12);
        // pooling by bands of rows gives exactly the pooled matrix the heatmap draws from the whole matrix
        var options = new HeatmapOptions { MaxCells = 7 };
        var pooled = new PooledAbsMax(0, h.shape[0], 0, h.shape[1], 7);
        foreach (var b in TilePlan.Bands(layout, 5)) pooled.AddRows(b.Start, h.narrow(0, b.Start, b.Rows));
        Assert.Equal(MatrixHeatmap.Prepare(h, options).Pooled, pooled.Pooled);
        Assert.True(File.Exists(Path.Combine(o.OutDir, "hessian_abs_log.png")));
    }

    [Fact]
    public void A_missing_tile_is_named_and_nothing_is_written()
    {
        var o = Options("missing");
        TileRun.Execute(o, new TileSpec(1, 3));
        TileRun.Execute(o, new TileSpec(3, 3));
        var e = Assert.Throws<InvalidDataException>(() => TileMerge.Execute(o.OutDir));
        Assert.Contains("2-of-3", e.Message);
        Assert.Contains("1 of 3 tiles missing", e.Message);
        Assert.False(File.Exists(Path.Combine(o.OutDir, "hessian.npy")));
    }

    [Fact]
    public void A_tile_of_another_run_is_refused()
    {
        var o = Options("foreign");
        TileRun.Execute(o, new TileSpec(1, 2));
        var other = Options("other", seed: 4);
        TileRun.Execute(other, new TileSpec(2, 2));
        Directory.Move(TileRun.FolderOf(other.OutDir, new TileSpec(2, 2)), TileRun.FolderOf(o.OutDir, new TileSpec(2, 2)));
        var e = Assert.Throws<InvalidDataException>(() => TileMerge.Execute(o.OutDir));
        Assert.Contains("belongs to another run", e.Message);
        Assert.Contains("Seed: 3 vs 4", e.Message);
    }

    [Fact]
    public void A_damaged_tile_is_refused_and_a_merged_folder_takes_no_more_tiles()
    {
        var o = Options("damaged");
        TileRun.Execute(o, new TileSpec(1, 2));
        TileRun.Execute(o, new TileSpec(2, 2));
        string rows = Path.Combine(TileRun.FolderOf(o.OutDir, new TileSpec(2, 2)), "rows.npy");
        var bytes = File.ReadAllBytes(rows);
        bytes[^1] ^= 1;
        File.WriteAllBytes(rows, bytes);
        var e = Assert.Throws<InvalidDataException>(() => TileMerge.Execute(o.OutDir));
        Assert.Contains("'2-of-2' is incomplete or damaged", e.Message);
        TileRun.Execute(o, new TileSpec(2, 2));                                  // recomputed: replaces the damaged tile
        TileMerge.Execute(o.OutDir);
        Assert.Throws<IOException>(() => TileRun.Execute(o, new TileSpec(1, 2)));  // inside a merged result now
    }

    [Fact]
    public void A_Hessian_too_large_for_memory_is_refused_only_for_lack_of_disk_with_the_numbers()
    {
        // P = 400,060: 1.28 TB in float64, more than memory (not refused for that) and more than this disk
        var o = Options("huge") with { Model = new MlpSpec(new[] { 20000, 20, 3 }, Activation.Relu, Bias: false, InitScheme.Lecun), Samples = 10 };
        Assert.False(BandedHessianRun.FitsInMemory(o));
        var e = Assert.Throws<IOException>(() => BandedHessianRun.Execute(o));
        Assert.Contains("400060×400060 float64 Hessian needs 1.2 TB on disk", e.Message);
        Assert.False(Directory.Exists(o.OutDir));
    }
}
