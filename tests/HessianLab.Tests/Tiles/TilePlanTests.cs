using HessianLab.Models;
using HessianLab.Runs.Tiles;

namespace HessianLab.Tests.Tiles;

public sealed class TilePlanTests
{
    [Theory]
    [InlineData(new[] { 100, 20, 50 }, false, 4)]
    [InlineData(new[] { 7, 5, 3, 4 }, true, 3)]
    [InlineData(new[] { 7, 5, 3, 4 }, true, 12)]
    [InlineData(new[] { 30, 2, 9 }, false, 1)]
    public void Bands_cover_every_row_once_in_whole_neuron_blocks_and_balance_rows(int[] widths, bool bias, int n)
    {
        var layout = ParameterLayout.ForMlp(widths, bias);
        var blocks = layout.NeuronBlocks();
        var bands = TilePlan.Bands(layout, n);
        Assert.Equal(n, bands.Count);
        Assert.Equal(0, bands[0].Start);
        Assert.Equal(layout.Count, bands[^1].End);
        for (int k = 1; k < n; k++) Assert.Equal(bands[k - 1].End, bands[k].Start);
        var starts = blocks.Select(b => b.Start).ToHashSet();
        int maxBlock = blocks.Max(b => b.Length);
        foreach (var b in bands)
        {
            Assert.True(b.Rows > 0);
            Assert.Contains(b.Start, starts);                                   // cuts fall on block boundaries
            Assert.True(b.End == layout.Count || starts.Contains(b.End));
            // the neurons listed are exactly the blocks inside the band, in θ order
            var inside = blocks.Where(x => x.Start >= b.Start && x.Start < b.End).Select(x => x.Start).ToList();
            Assert.Equal(inside.Count, b.Neurons.Count);
            Assert.Equal(b.Rows, inside.Count == 0 ? 0 : blocks.Where(x => x.Start >= b.Start && x.Start < b.End).Sum(x => (long)x.Length));
        }
        // greedy cut: every band but the last ends within one block past its ideal cut (when no band is forced to a
        // single block to leave one for each later band)
        for (int k = 1; k < n && 2 * n <= blocks.Count; k++)
            Assert.InRange(bands[k - 1].End, (layout.Count * k + n - 1) / n, (layout.Count * k + n - 1) / n + maxBlock);
    }

    [Fact]
    public void More_bands_than_neuron_blocks_is_refused()
    {
        var layout = ParameterLayout.ForMlp(new[] { 4, 2, 1 }, false);   // 3 neuron blocks
        var e = Assert.Throws<ArgumentException>(() => TilePlan.Bands(layout, 4));
        Assert.Contains("3 neuron blocks", e.Message);
    }

    [Fact]
    public void BandsFor_keeps_every_band_within_the_byte_budget()
    {
        var layout = ParameterLayout.ForMlp(new[] { 100, 20, 50 }, false);   // P = 3000, 24 kB a row
        long budget = 300L * 3000 * 8;
        int n = TilePlan.BandsFor(layout, budget);
        Assert.All(TilePlan.Bands(layout, n), b => Assert.True(b.Rows * 3000 * 8 <= budget));
        Assert.True(n == 1 || TilePlan.Bands(layout, n - 1).Max(b => b.Rows) * 3000 * 8 > budget);   // the smallest such N
        Assert.Throws<ArgumentException>(() => TilePlan.BandsFor(layout, 50L * 3000 * 8));            // one 100-row block is too big
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(1000, 7)]
    [InlineData(5, 5)]
    public void Shards_split_the_samples_into_contiguous_nonempty_ranges(int samples, int m)
    {
        int next = 0;
        for (int s = 1; s <= m; s++)
        {
            var (a, b) = new TileSpec(1, 1, s, m).SampleRange(samples);
            Assert.Equal(next, a);
            Assert.True(b > a);
            next = b;
        }
        Assert.Equal(samples, next);
        Assert.Throws<ArgumentException>(() => new TileSpec(1, 1, 1, samples + 1).SampleRange(samples));
    }

    [Fact]
    public void Tile_indices_outside_their_range_are_refused_naming_the_parameter()
    {
        Assert.Equal("Band", Assert.Throws<ArgumentException>(() => new TileSpec(5, 4).Validated()).ParamName);
        Assert.Equal("Shard", Assert.Throws<ArgumentException>(() => new TileSpec(1, 4, 0, 2).Validated()).ParamName);
        Assert.Equal("2-of-4-shard-1-of-3", new TileSpec(2, 4, 1, 3).FolderName);
        Assert.Equal("2-of-4", new TileSpec(2, 4).FolderName);
    }
}
