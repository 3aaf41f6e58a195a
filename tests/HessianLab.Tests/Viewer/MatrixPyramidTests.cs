using HessianLab.IO;
using HessianLab.Viewer.Matrix;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Viewer;

public class MatrixPyramidTests
{
    /// <summary>Pooling written out: the cell of pixel (x, y) at factor f, max-|.| entry (signed) or mean.</summary>
    private static double Reference(double[,] a, int f, int x, int y, Pooling pooling)
    {
        double best = 0, sum = 0;
        int n = 0;
        for (int i = y * f; i < Math.Min(a.GetLength(0), (y + 1) * f); i++)
            for (int j = x * f; j < Math.Min(a.GetLength(1), (x + 1) * f); j++)
            {
                if (Math.Abs(a[i, j]) > Math.Abs(best)) best = a[i, j];
                sum += a[i, j];
                n++;
            }
        return pooling == Pooling.Max ? best : sum / n;
    }

    [Theory]
    [InlineData(Pooling.Max)]
    [InlineData(Pooling.Mean)]
    public void Every_level_of_a_rectangular_matrix_matches_pooling_written_out(Pooling pooling)
    {
        // Given 37×53 entries (odd sizes: partial cells at the edges) and a 2000-byte pyramid budget, so levels at
        // factor 1 and 2 come from the map, 4 and coarser from the cached pyramid.
        var rng = new Random(3);
        var a = new double[37, 53];
        for (int i = 0; i < 37; i++) for (int j = 0; j < 53; j++) a[i, j] = rng.NextDouble() * 2 - 1;
        string dir = Directory.CreateTempSubdirectory("hessianlab-pyr-").FullName;
        try
        {
            using (var t = torch.tensor(a.Cast<double>().ToArray(), [37, 53], ScalarType.Float64)) Npy.Save(Path.Combine(dir, "a.npy"), t);
            using var m = new NpyMatrix(Path.Combine(dir, "a.npy"));
            var pyramid = new MatrixPyramid(m, cacheBytes: 2000);
            Assert.Equal(4, pyramid.FirstCachedFactor);

            Assert.Equal(6, pyramid.MaxLevel); // 2^6 = 64 ≥ 53
            Assert.Equal(a.Cast<double>().Max(Math.Abs), pyramid.MaxAbs, 6);
            for (int level = 0; level <= pyramid.MaxLevel; level++)
            {
                int f = pyramid.Factor(level);
                var (w, h) = pyramid.Size(level);
                Assert.Equal(((53 + f - 1) / f, (37 + f - 1) / f), (w, h));
                var got = new double[w * h];
                pyramid.Fill(level, 0, 0, w, h, pooling, got);
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                        Assert.True(Math.Abs(Reference(a, f, x, y, pooling) - got[y * w + x]) <= 1e-6,
                            $"level {level} (f = {f}) pixel ({x}, {y}): expected {Reference(a, f, x, y, pooling)}, got {got[y * w + x]}");
            }
            // A window inside a level equals the same pixels of the whole level.
            var part = new double[3 * 2];
            pyramid.Fill(pyramid.MaxLevel - 1, 5, 7, 3, 2, pooling, part);
            Assert.Equal(Reference(a, 2, 6, 8, pooling), part[1 * 3 + 1], 12);
            Assert.Throws<ArgumentOutOfRangeException>(() => pyramid.Fill(pyramid.MaxLevel, 50, 0, 10, 1, pooling, new double[10]));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void The_deepest_level_is_the_matrix_itself()
    {
        using var folder = new KnownHessianFolder();
        using var m = new NpyMatrix(Path.Combine(folder.Dir, "hessian.npy"));
        var pyramid = new MatrixPyramid(m);
        var row = new double[folder.P];
        pyramid.Fill(pyramid.MaxLevel, 0, 7, folder.P, 1, Pooling.Mean, row);
        for (int j = 0; j < folder.P; j++) Assert.Equal(folder.H[7, j], row[j]);
        Assert.Equal(2.5e-3, row[530]);
    }
}
