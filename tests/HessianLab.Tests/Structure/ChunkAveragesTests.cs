using HessianLab.Structure;
using static TorchSharp.torch;

namespace HessianLab.Tests.Structure;

/// <summary>The paper's averaged map against a plain loop over the entries.</summary>
public sealed class ChunkAveragesTests
{
    [Theory]
    [InlineData(12, 12, 4, false)]
    [InlineData(13, 10, 4, false)]    // last chunks shorter on both sides
    [InlineData(13, 10, 4, true)]
    [InlineData(7, 7, 1, false)]      // c = 1: the matrix itself
    public void Each_cell_is_the_mean_of_its_chunk(int rows, int cols, int chunk, bool absolute)
    {
        using var gen = new TorchSharp.torch.Generator(5);
        var h = randn(new long[] { rows, cols }, ScalarType.Float64, generator: gen);
        var a = h.data<double>().ToArray();
        var map = ChunkAverages.Compute(h, chunk, absolute);
        Assert.Equal((rows + chunk - 1) / chunk, map.GetLength(0));
        Assert.Equal((cols + chunk - 1) / chunk, map.GetLength(1));
        for (int i = 0; i < map.GetLength(0); i++)
            for (int j = 0; j < map.GetLength(1); j++)
            {
                double s = 0; int n = 0;
                for (int r = i * chunk; r < Math.Min(rows, (i + 1) * chunk); r++)
                    for (int c = j * chunk; c < Math.Min(cols, (j + 1) * chunk); c++) { double v = a[r * cols + c]; s += absolute ? Math.Abs(v) : v; n++; }
                Assert.Equal(s / n, map[i, j], 12);
            }
    }

    [Fact]
    public void Both_maps_in_one_pass_equal_each_map_alone()
    {
        using var gen = new TorchSharp.torch.Generator(9);
        var h = randn(new long[] { 11, 9 }, ScalarType.Float64, generator: gen);
        var (signed, absolute) = ChunkAverages.Both(h, 4);
        Assert.Equal(ChunkAverages.Compute(h, 4), signed);
        Assert.Equal(ChunkAverages.Compute(h, 4, absolute: true), absolute);
    }

    [Fact]
    public void Float32_input_is_averaged_in_float64()
    {
        var h = full(new long[] { 4, 4 }, 0.1f, ScalarType.Float32);
        h[0, 0] = tensor(1e8f);
        var map = ChunkAverages.Compute(h, 4);
        Assert.Equal((1e8 + 15 * (double)0.1f) / 16, map[0, 0], 6);
    }

    [Fact]
    public void The_talks_size_gets_the_papers_500_chunks_and_bad_input_is_refused()
    {
        Assert.Equal(500, ChunkAverages.PictureChunk(8000));
        Assert.Equal(1, ChunkAverages.PictureChunk(3));
        Assert.Throws<ArgumentException>(() => ChunkAverages.Compute(zeros(3, 3), 0));
        Assert.Throws<ArgumentException>(() => ChunkAverages.Compute(zeros(3), 1));
    }
}
