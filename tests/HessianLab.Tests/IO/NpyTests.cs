using HessianLab.IO;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.IO;

[Collection(TorchCollection.Name)]
public sealed class NpyTests
{
    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Int64)]
    public void Save_then_load_round_trips_values_shape_and_dtype(ScalarType dtype)
    {
        string path = Path.Combine(Path.GetTempPath(), $"rt-{Guid.NewGuid():N}.npy");
        try
        {
            var t = (arange(24, ScalarType.Float64).reshape(2, 3, 4) * 1.5 - 7).to(dtype);
            Npy.Save(path, t);
            var back = Npy.Load(path);
            Assert.Equal(dtype, back.dtype);
            Assert.Equal(new long[] { 2, 3, 4 }, back.shape);
            Assert.True(t.eq(back).all().item<bool>());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_matrix_larger_than_one_write_slice_round_trips_and_its_recorded_hash_is_the_files()
    {
        // 1500 × 1500 = 2.25M elements: three slices, the last partial; a transposed (non-contiguous) view so the
        // writer must copy it to row-major order first.
        string dir = Path.Combine(Path.GetTempPath(), $"big-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var t = arange(1500 * 1500, ScalarType.Float64).reshape(1500, 1500).t() * 0.25;
            string path = Path.Combine(dir, "m.npy");
            Npy.Save(path, t);
            Assert.True(t.eq(Npy.Load(path)).all().item<bool>());
            var m = Manifest.Build(dir, new RunRecord("test"), DateTimeOffset.UtcNow);
            Assert.Equal(Manifest.Hash(path), m.Files.Single().Sha256);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void The_header_is_NumPy_1_0_with_data_aligned_to_64_bytes()
    {
        byte[] h = Npy.Header("<f8", new long[] { 3 });
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, h[..8]);
        Assert.Equal(0, h.Length % 64);
        string text = System.Text.Encoding.ASCII.GetString(h, 10, h.Length - 10);
        Assert.StartsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", text);
        Assert.EndsWith("\n", text);
        Assert.Equal(h.Length - 10, h[8] | h[9] << 8);
        Assert.Contains("'shape': (), }", System.Text.Encoding.ASCII.GetString(Npy.Header("<i8", Array.Empty<long>())));
    }

    [Fact]
    public void Loading_a_file_that_is_not_npy_fails_with_a_message()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.npy");
        File.WriteAllText(path, "hello");
        try { Assert.Contains("not an .npy file", Assert.Throws<InvalidDataException>(() => Npy.Load(path)).Message); }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_failed_write_leaves_no_file_behind()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"atomic-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            Assert.Throws<NotSupportedException>(() => Npy.Save(Path.Combine(dir, "x.npy"), ones(2, dtype: ScalarType.Int32)));
            Assert.Empty(Directory.GetFiles(dir));
        }
        finally { Directory.Delete(dir, true); }
    }
}
