using System.Security.Cryptography;
using HessianLab.IO;
using static TorchSharp.torch;

namespace HessianLab.Tests.IO;

/// <summary>Files written around the page cache (O_DIRECT) hold exactly the bytes written, whatever their length.</summary>
public sealed class DirectWriteTests : IDisposable
{
    // Under the test's own folder: on disk (the system temp folder may be tmpfs on other machines).
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "direct-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(3 * 4096 + 7)]
    [InlineData((8 << 20) + 123)]      // one full 8 MB buffer and a padded tail
    [InlineData(3 * (8 << 20))]        // three full buffers: the two alternate, one write always in flight
    [InlineData(5 * (8 << 20) + 4097)] // five and a padded tail written behind a pending one
    public void Every_length_round_trips_with_the_recorded_hash(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        string path = Path.Combine(_dir, $"f{length}.bin");
        AtomicFile.Write(path, s =>
        {
            int half = length / 2;
            s.Write(data, 0, half);       // two uneven pieces: the buffer boundary falls anywhere
            s.Write(data.AsSpan(half));
        }, direct: true);
        Assert.Equal(data, File.ReadAllBytes(path));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), WrittenHashes.Lookup(path));
        Assert.Empty(Directory.GetFiles(_dir, ".tmp-*"));
    }

    [Fact]
    public void This_disk_takes_direct_writes()
    {
        string path = Path.Combine(_dir, "probe.bin");
        using var stream = DirectWriteStream.TryCreate(path);
        Assert.NotNull(stream);   // the test folder is on disk: O_DIRECT must be taken, not silently the fallback
        stream!.Write(new byte[] { 1, 2, 3 });
        stream.Complete();
        Assert.Equal(3, new FileInfo(path).Length);
    }

    [Fact]
    public void A_matrix_above_the_threshold_is_saved_direct_and_loads_back()
    {
        long n = (long)Math.Sqrt(Npy.DirectWriteBytes / 8) + 3;   // just above 64 MB of float64
        using var gen = new TorchSharp.torch.Generator(3);
        var m = randn(new[] { n, n }, ScalarType.Float64, generator: gen);
        string path = Path.Combine(_dir, "m.npy");
        Npy.Save(path, m);
        using var back = Npy.Load(path);
        Assert.Equal(m.shape, back.shape);
        Assert.Equal(0.0, (back - m).abs().max().item<double>());
    }
}
