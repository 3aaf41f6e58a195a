using HessianLab.Models;
using HessianLab.Structure;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Structure;

[Collection(TorchCollection.Name)]
public sealed class IndexPartitionTests
{
    private static double BruteEnergy(double[,] h, long[] rows, long[] cols)
    {
        double s = 0;
        foreach (long a in rows)
            foreach (long b in cols) s += h[a, b] * h[a, b];
        return s;
    }

    [Fact]
    public void Given_interleaved_index_sets_the_block_energy_map_equals_the_entry_sums()
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(5);
        var h = randn(new long[] { 11, 11 }, ScalarType.Float64, generator: gen);
        var sets = new[] { new long[] { 0, 3, 7 }, new long[] { 9, 1 }, new long[] { 2, 10, 4, 5 } };   // index 6, 8 in no block
        var part = new IndexPartition(sets.Select((s, i) => new IndexBlock(s, i % 2, $"B{i}")));
        var map = part.Map(h);
        var dense = new double[11, 11];
        for (int i = 0; i < 11; i++)
            for (int j = 0; j < 11; j++) dense[i, j] = h[i, j].item<double>();
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
                Assert.Equal(BruteEnergy(dense, sets[a], sets[b]), map.EnergyMap[a, b], 12);
        Assert.Equal(new[] { 0, 1 }, part.Contiguous.Groups());
    }

    [Fact]
    public void Given_an_assignment_per_index_FromAssignment_builds_the_same_sets()
    {
        var part = IndexPartition.FromAssignment(new[] { 2, 0, 2, -1, 0, 5 });
        Assert.Equal(new[] { new long[] { 1, 4 }, new long[] { 0, 2 }, new long[] { 5 } }, part.Blocks.Select(b => b.Indices));
    }

    [Fact]
    public void Given_overlapping_or_negative_indices_the_partition_refuses()
    {
        var e = Assert.Throws<ArgumentException>(() => new IndexPartition(new[] { new IndexBlock(new long[] { 0, 2 }, 0, "a"), new IndexBlock(new long[] { 2 }, 0, "b") }));
        Assert.Contains("θ index 2", e.Message);
        Assert.Throws<ArgumentException>(() => new IndexPartition(new[] { new IndexBlock(new long[] { -1 }, 0, "a") }));
        Assert.Throws<ArgumentException>(() => new IndexPartition(new[] { new IndexBlock(Array.Empty<long>(), 0, "a") }));
    }

    [Fact]
    public void Given_a_module_Hessian_ModuleStructure_shares_equal_brute_force_sums_over_its_neuron_index_sets()
    {
        using var scope = NewDisposeScope();
        var ps = ModuleParameters.Of(new ConvNet(4));
        using var gen = new Generator(6);
        var a = randn(new long[] { ps.Count, ps.Count }, ScalarType.Float64, generator: gen);
        var h = a + a.t();
        var dense = new double[ps.Count, ps.Count];
        var flat = h.data<double>().ToArray();
        for (int i = 0; i < ps.Count; i++)
            for (int j = 0; j < ps.Count; j++) dense[i, j] = flat[i * ps.Count + j];
        var all = Enumerable.Range(0, (int)ps.Count).Select(i => (long)i).ToArray();
        double total = BruteEnergy(dense, all, all);
        var blocks = ps.NeuronBlocks();
        double diagonal = blocks.Sum(b => BruteEnergy(dense, b.Indices, b.Indices));

        var m = ModuleStructure.Analyze(h, ps).Metrics;

        Assert.Equal(diagonal / total, m.BlockDiagonalShare, 12);
        Assert.Equal(blocks.Count, m.Blocks);
        var fc = blocks.Where(b => b.Label.StartsWith("fc[")).ToList();
        double fcDiag = fc.Sum(b => BruteEnergy(dense, b.Indices, b.Indices)) / fc.Count;
        double fcOff = fc.Sum(b => fc.Where(c => c != b).Sum(c => BruteEnergy(dense, b.Indices, c.Indices))) / (fc.Count * (fc.Count - 1.0));
        Assert.Equal(fcOff / fcDiag, m.Layer("fc").Rho, 12);
    }
}
