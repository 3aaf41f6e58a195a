using System.Text.Json;
using HessianLab.Experiments;
using HessianLab.Models;
using HessianLab.Structure;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Structure;

[Collection(TorchCollection.Name)]
public sealed class BlockMapRandomTests
{
    private static (double[,] Energy, double[,] AbsSum) Naive(double[,] h, IReadOnlyList<ParameterBlock> blocks)
    {
        int k = blocks.Count;
        var e = new double[k, k];
        var s = new double[k, k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                for (long a = blocks[i].Start; a < blocks[i].End; a++)
                    for (long b = blocks[j].Start; b < blocks[j].End; b++)
                    {
                        e[i, j] += h[a, b] * h[a, b];
                        s[i, j] += Math.Abs(h[a, b]);
                    }
        return (e, s);
    }

    private static double[,] ToArray(Tensor t)
    {
        int r = (int)t.shape[0], c = (int)t.shape[1];
        var flat = t.to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        var m = new double[r, c];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++) m[i, j] = flat[i * c + j];
        return m;
    }

    private static void AssertMapsClose(double[,] expected, double[,] actual, string what)
    {
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        for (int i = 0; i < expected.GetLength(0); i++)
            for (int j = 0; j < expected.GetLength(1); j++)
                Assert.True(Math.Abs(expected[i, j] - actual[i, j]) <= 1e-10 * (1 + Math.Abs(expected[i, j])),
                    $"{what}[{i},{j}]: expected {expected[i, j]:R}, got {actual[i, j]:R}");
    }

    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float32)]
    public void Given_a_random_matrix_the_neuron_maps_equal_a_naive_loop(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var layout = ParameterLayout.ForMlp(new[] { 4, 3, 5, 2 }, bias: true);   // blocks of 5, 4, 6
        var h = randn(new long[] { layout.Count, layout.Count }, ScalarType.Float64, generator: new Generator(3)).to_type(dtype);
        var blocks = layout.NeuronBlocks();

        var map = BlockMap.Compute(h, new BlockPartition(blocks));

        var (e, s) = Naive(ToArray(h), blocks);
        AssertMapsClose(e, map.EnergyMap, "energy");
        AssertMapsClose(s, map.AbsSumMap, "|H| sum");
    }

    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float32)]
    public void A_strided_view_takes_the_libtorch_path_and_gives_the_same_maps(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var layout = ParameterLayout.ForMlp(new[] { 4, 3, 5, 2 }, bias: true);
        var h = randn(new long[] { layout.Count, layout.Count }, ScalarType.Float64, generator: new Generator(5)).to_type(dtype).t();
        Assert.False(h.is_contiguous());
        var partition = new BlockPartition(layout.NeuronBlocks());

        var strided = BlockMap.Compute(h, partition);
        var inPlace = BlockMap.Compute(h.contiguous(), partition);

        var (e, s) = Naive(ToArray(h), layout.NeuronBlocks());
        AssertMapsClose(e, strided.EnergyMap, "energy (strided)");
        AssertMapsClose(s, strided.AbsSumMap, "|H| sum (strided)");
        AssertMapsClose(strided.EnergyMap, inPlace.EnergyMap, "energy (in place vs strided)");
        AssertMapsClose(strided.AbsSumMap, inPlace.AbsSumMap, "|H| sum (in place vs strided)");
    }

    [Fact]
    public void A_contiguous_view_that_starts_inside_its_storage_is_read_from_its_own_first_row()
    {
        using var scope = NewDisposeScope();
        var layout = ParameterLayout.ForMlp(new[] { 4, 3, 5, 2 }, bias: true);
        long p = layout.Count;
        var h = randn(new long[] { p + 3, p }, ScalarType.Float64, generator: new Generator(6)).narrow(0, 3, p);
        Assert.True(h.is_contiguous());
        Assert.Equal(3 * p, h.storage_offset());

        var map = BlockMap.Compute(h, new BlockPartition(layout.NeuronBlocks()));

        var (e, s) = Naive(ToArray(h), layout.NeuronBlocks());
        AssertMapsClose(e, map.EnergyMap, "energy");
        AssertMapsClose(s, map.AbsSumMap, "|H| sum");
    }

    [Fact]
    public void Given_a_custom_partition_with_gaps_and_unequal_blocks_the_maps_equal_a_naive_loop()
    {
        using var scope = NewDisposeScope();
        var h = randn(new long[] { 30, 30 }, ScalarType.Float64, generator: new Generator(4));
        var blocks = new[]
        {
            new ParameterBlock(20, 3, 1, "late"), new ParameterBlock(0, 4, 0, "a"), new ParameterBlock(4, 4, 0, "b"),
            new ParameterBlock(10, 7, 0, "c"), new ParameterBlock(17, 2, 1, "d"),
        };

        var map = BlockMap.Compute(h, new BlockPartition(blocks));

        var (e, s) = Naive(ToArray(h), blocks);
        AssertMapsClose(e, map.EnergyMap, "energy");
        AssertMapsClose(s, map.AbsSumMap, "|H| sum");
    }

    [Fact]
    public void The_layer_metrics_and_the_GGN_residual_split_equal_direct_norms_of_the_layer_blocks()
    {
        using var scope = NewDisposeScope();
        var layout = ParameterLayout.ForMlp(new[] { 3, 4, 2, 3 }, bias: false);   // W1 12, W2 8, W3 6
        var g = new Generator(5);
        var ggn = randn(new long[] { 26, 26 }, ScalarType.Float64, generator: g);
        var res = randn(new long[] { 26, 26 }, ScalarType.Float64, generator: g) * 0.1;
        var h = ggn + res;
        var segs = layout.LayerBlocks();
        double Block(Tensor m, int l, int k) => m.narrow(0, segs[l].Start, segs[l].Length).narrow(1, segs[k].Start, segs[k].Length).square().sum().item<double>();
        double total = h.square().sum().item<double>();

        var a = StructureAnalysis.Analyze(h, layout, ggn: ggn, residual: res);

        foreach (var p in a.Metrics.LayerPairs)
        {
            int l = layout.SegmentIndex(p.Row), k = layout.SegmentIndex(p.Column);
            Assert.Equal(k - l, p.Distance);
            Assert.Equal(Block(h, l, k) / total, p.Share, 12);
            Assert.Equal(Math.Sqrt(Block(h, l, k)), p.Norm, 10);
            Assert.Equal(Block(ggn, l, k) / total, p.GgnShare!.Value, 12);
            Assert.Equal(Block(res, l, k) / total, p.ResidualShare!.Value, 12);
        }
        Assert.Equal(3, a.Metrics.LayerPairs.Count);
        for (int l = 0; l < 3; l++)
            Assert.Equal(Block(h, l, l) / total, a.Metrics.Layers[l].Share, 12);
        // Parts given as layer blocks (the engine's form) give the same split.
        var segsOf = layout.LayerBlocks();
        Tensor Sub(Tensor m, int l, int k) => m.narrow(0, segsOf[l - 1].Start, segsOf[l - 1].Length).narrow(1, segsOf[k - 1].Start, segsOf[k - 1].Length);
        var c = StructureAnalysis.Analyze(h, layout,
            new Dictionary<(int Row, int Col), Tensor> { [(1, 2)] = Sub(ggn, 1, 2), [(3, 1)] = Sub(ggn, 3, 1) },
            new Dictionary<(int Row, int Col), Tensor> { [(1, 2)] = Sub(res, 1, 2) });
        Assert.Equal(a.Metrics.Pair("W1", "W2").GgnShare!.Value, c.Metrics.Pair("W1", "W2").GgnShare!.Value, 12);
        Assert.Equal(Block(ggn, 2, 0) / total, c.Metrics.Pair("W1", "W3").GgnShare!.Value, 12);
        Assert.Null(c.Metrics.Pair("W2", "W3").GgnShare);
        Assert.Null(c.Metrics.Pair("W1", "W3").ResidualShare);
        // A partition that does not cover the layers takes the direct path; its layer map must agree.
        var partial = new BlockPartition(layout.NeuronBlocks().Take(5));
        var b = StructureAnalysis.Analyze(h, layout, partial);
        AssertMapsClose(a.Layers.EnergyMap, b.Layers.EnergyMap, "layer energy");
        Assert.Equal(a.Metrics.FrobeniusNorm, b.Metrics.FrobeniusNorm, 10);
    }

    [Fact]
    public void The_metrics_serialize_to_JSON_with_NaN_and_read_back_equal()
    {
        using var scope = NewDisposeScope();
        var layout = ParameterLayout.ForMlp(new[] { 3, 1, 2 }, bias: false);   // W1 has a single block: ρ = NaN
        var h = randn(new long[] { 5, 5 }, ScalarType.Float64, generator: new Generator(6));
        var m = StructureMetrics.Compute(h, layout);

        string json = JsonSerializer.Serialize(m, ExperimentContext.Json);
        var back = JsonSerializer.Deserialize<StructureMetrics>(json, ExperimentContext.Json)!;

        Assert.Contains("\"rho\": \"NaN\"", json);
        Assert.True(double.IsNaN(back.Layer("W1").Rho));
        Assert.Equal(m.Layer("W2").Rho, back.Layer("W2").Rho);
        Assert.Equal(m.LayerPairs[0], back.LayerPairs[0]);
        Assert.Equal(2, m.LayerTable().Count - 1);
        Assert.Equal("NaN", m.LayerTable()[1][2]);
    }
}
