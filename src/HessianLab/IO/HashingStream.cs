using System.Security.Cryptography;

namespace HessianLab.IO;

/// <summary>A write-only stream that passes every byte to an inner stream and into a SHA-256.</summary>
internal sealed class HashingStream(Stream inner) : WriteOnlyStream(inner)
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>The SHA-256 of everything written so far, lower-case hex.</summary>
    public string Sha256() => Convert.ToHexStringLower(_hash.GetCurrentHash());

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        Inner.Write(buffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _hash.Dispose();
        base.Dispose(disposing);
    }
}
