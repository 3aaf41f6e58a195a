using System.Collections.Concurrent;

namespace HessianLab.IO;

/// <summary>SHA-256s computed while files were written (<see cref="AtomicFile.Write"/>), so a manifest does not read
/// a 512 MB matrix back just to hash it. An entry is used only while the file's size and last-write time are the
/// ones recorded; anything else is hashed from disk.</summary>
internal static class WrittenHashes
{
    private static readonly ConcurrentDictionary<string, (long Bytes, DateTime Written, string Sha256)> Known = new(StringComparer.Ordinal);

    /// <summary>Records the hash of the file now at <paramref name="path"/>.</summary>
    public static void Record(string path, string sha256)
    {
        var info = new FileInfo(path);
        Known[info.FullName] = (info.Length, info.LastWriteTimeUtc, sha256);
    }

    /// <summary>The recorded hash of <paramref name="path"/> if the file is unchanged since, else null.</summary>
    public static string? Lookup(string path)
    {
        var info = new FileInfo(path);
        return Known.TryGetValue(info.FullName, out var e) && e.Bytes == info.Length && e.Written == info.LastWriteTimeUtc ? e.Sha256 : null;
    }

    /// <summary>Forgets every entry under <paramref name="dir"/> (after a folder moved or was deleted).</summary>
    public static void ForgetUnder(string dir)
    {
        string prefix = Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        foreach (var k in Known.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))) Known.TryRemove(k, out _);
    }
}
