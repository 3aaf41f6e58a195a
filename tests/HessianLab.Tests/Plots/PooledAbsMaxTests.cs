using HessianLab.Plots;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Plots;

[Collection(TorchCollection.Name)]
public sealed class PooledAbsMaxTests
{
    /// <summary>Bands that start and end inside cells, a region offset in both directions, a partial last cell in both
    /// directions and several whole cells per piece: every cell equals a plain loop over the entries.</summary>
    /// Contiguous bands are read in place; strided ones (rows of a transposed matrix) go through libtorch's reductions.
    [Theory]
    [InlineData(ScalarType.Float64, false)]
    [InlineData(ScalarType.Float32, false)]
    [InlineData(ScalarType.Float64, true)]
    [InlineData(ScalarType.Float32, true)]
    public void Cells_pooled_from_uneven_bands_equal_the_max_abs_of_a_plain_loop(ScalarType dtype, bool strided)
    {
        using var scope = NewDisposeScope();
        const int rows = 230, cols = 160, row0 = 5, col0 = 7, regionRows = 203, regionCols = 150;
        var h = strided
            ? randn(new long[] { cols, rows }, ScalarType.Float64, generator: new Generator(3)).to_type(dtype).t()
            : randn(new long[] { rows, cols }, ScalarType.Float64, generator: new Generator(3)).to_type(dtype);
        Assert.Equal(!strided, h.is_contiguous());
        var m = h.to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        var pooled = new PooledAbsMax(row0, regionRows, col0, regionCols, maxCells: 20);   // f = ⌈203 / 20⌉ = 11
        Assert.Equal(11, pooled.Factor);

        long start = 0;
        foreach (long n in new long[] { 17, 50, 136, 27 })   // 17 + 50 + 136 + 27 = 230
        {
            pooled.AddRows(start, h.narrow(0, start, n));
            start += n;
        }

        int f = pooled.Factor;
        Assert.Equal((regionRows + f - 1) / f, pooled.Pooled.GetLength(0));
        Assert.Equal((regionCols + f - 1) / f, pooled.Pooled.GetLength(1));
        for (int i = 0; i < pooled.Pooled.GetLength(0); i++)
            for (int j = 0; j < pooled.Pooled.GetLength(1); j++)
            {
                double expected = 0;
                for (int a = row0 + i * f; a < Math.Min(row0 + regionRows, row0 + (i + 1) * f); a++)
                    for (int b = col0 + j * f; b < Math.Min(col0 + regionCols, col0 + (j + 1) * f); b++)
                        expected = Math.Max(expected, Math.Abs(m[a * cols + b]));
                Assert.Equal(expected, pooled.Pooled[i, j]);
            }
    }

    [Theory]
    [InlineData(ScalarType.Float64, false)]
    [InlineData(ScalarType.Float32, false)]
    [InlineData(ScalarType.Float64, true)]
    public void A_nan_entry_marks_its_cell_and_no_other(ScalarType dtype, bool strided)
    {
        using var scope = NewDisposeScope();
        var h = ones(new long[] { 40, 40 }, dtype);
        h[strided ? 27 : 13, strided ? 13 : 27] = tensor(double.NaN, dtype);
        if (strided) h = h.t();
        var pooled = new PooledAbsMax(0, 40, 0, 40, maxCells: 4);   // f = 10
        pooled.AddRows(0, h.narrow(0, 0, 15));
        pooled.AddRows(15, h.narrow(0, 15, 25));
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                Assert.True(i == 1 && j == 2 ? double.IsNaN(pooled.Pooled[i, j]) : pooled.Pooled[i, j] == 1.0, $"cell ({i},{j}) = {pooled.Pooled[i, j]}");
    }
}
