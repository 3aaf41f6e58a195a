using HessianLab.IO;
using HessianLab.Viewer.Matrix;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Viewer;

public class NpyMatrixTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Mapped_entries_equal_what_the_library_writer_saved(bool float32)
    {
        using var folder = new KnownHessianFolder(float32);
        using var m = new NpyMatrix(Path.Combine(folder.Dir, "hessian.npy"));

        Assert.Equal((folder.P, folder.P, float32), (m.Rows, m.Cols, m.IsFloat32));
        var row = new double[40];
        for (int i = 0; i < folder.P; i += 37)
        {
            m.ReadRow(i, 100, row);
            for (int j = 0; j < folder.P; j += 13)
            {
                double expected = float32 ? (float)folder.H[i, j] : folder.H[i, j];
                Assert.Equal(expected, m[i, j]);
            }
            for (int k = 0; k < row.Length; k++) Assert.Equal(float32 ? (float)folder.H[i, 100 + k] : folder.H[i, 100 + k], row[k]);
        }
    }

    [Fact]
    public void Rectangular_matrices_keep_their_shape_and_C_order()
    {
        string dir = Directory.CreateTempSubdirectory("hessianlab-npy-").FullName;
        try
        {
            using var t = torch.arange(0, 3 * 5, ScalarType.Float64).reshape(3, 5);
            Npy.Save(Path.Combine(dir, "a.npy"), t);
            using var m = new NpyMatrix(Path.Combine(dir, "a.npy"));
            Assert.Equal((3, 5), (m.Rows, m.Cols));
            Assert.Equal(2 * 5 + 4, m[2, 4]); // row-major: entry (i, j) holds 5i + j
            Assert.Throws<ArgumentOutOfRangeException>(() => m[3, 0]);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Vectors_int64_and_truncated_files_are_refused_with_the_reason()
    {
        string dir = Directory.CreateTempSubdirectory("hessianlab-npy-").FullName;
        try
        {
            Npy.Save(Path.Combine(dir, "v.npy"), torch.ones(4, ScalarType.Float64));
            Npy.Save(Path.Combine(dir, "i.npy"), torch.ones(new long[] { 2, 2 }, ScalarType.Int64));
            Npy.Save(Path.Combine(dir, "t.npy"), torch.ones(new long[] { 8, 8 }, ScalarType.Float64));
            var bytes = File.ReadAllBytes(Path.Combine(dir, "t.npy"));
            File.WriteAllBytes(Path.Combine(dir, "t.npy"), bytes[..^8]);

            Assert.Contains("2-D", Assert.Throws<InvalidDataException>(() => new NpyMatrix(Path.Combine(dir, "v.npy"))).Message);
            Assert.Contains("<i8", Assert.Throws<InvalidDataException>(() => new NpyMatrix(Path.Combine(dir, "i.npy"))).Message);
            Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => new NpyMatrix(Path.Combine(dir, "t.npy"))).Message);
        }
        finally { Directory.Delete(dir, true); }
    }
}
