using System.Security.Cryptography;
using HessianLab.IO;

namespace HessianLab.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hl-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>70 MB in uneven writes crosses the 32 MB steps at which writeback is started: the file holds exactly
    /// the bytes, its recorded SHA-256 is the one computed from the file, and no temporary file is left.</summary>
    [Fact]
    public void A_large_file_written_in_uneven_pieces_has_every_byte_and_the_recorded_hash()
    {
        var data = new byte[70_000_003];
        new Random(5).NextBytes(data);
        string path = Path.Combine(_dir, "big.bin");

        AtomicFile.Write(path, s =>
        {
            int at = 0;
            foreach (int n in new[] { 1, 4_000_000, 33_554_432, 12_345, 20_000_000 })
            {
                s.Write(data, at, n);
                at += n;
            }
            s.Write(data.AsSpan(at));
        });

        var back = File.ReadAllBytes(path);
        Assert.True(data.AsSpan().SequenceEqual(back));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(back)), WrittenHashes.Lookup(path));
        Assert.Equal(new[] { "big.bin" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
    }
}
