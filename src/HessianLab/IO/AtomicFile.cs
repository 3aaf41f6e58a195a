namespace HessianLab.IO;

/// <summary>Writes files so that an interrupted run never leaves a half-written file:
/// the content goes to ".tmp-PID-XXXX-name" in the same folder (the file name stays the suffix, so libraries that
/// infer the format from the extension still work) and is renamed over the target at the end. Temporary files
/// of processes that are no longer running are removed by the next write into the same folder.</summary>
public static class AtomicFile
{
    private const string Prefix = ".tmp-";

    /// <summary>Writes through <paramref name="write"/> into a temporary file, flushes it to disk (fsync; writeback of a
    /// large file starts while it is written, <see cref="WritebackStream"/>), then renames it to <paramref name="path"/>;
    /// the content's SHA-256 is computed on the way (for the result folder's manifest).</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="write">Writes the content.</param>
    /// <param name="direct">Write around the page cache (<see cref="DirectWriteStream"/>, for files of hundreds of MB);
    /// falls back to the buffered path where the file system has no O_DIRECT.</param>
    public static void Write(string path, Action<Stream> write, bool direct = false)
    {
        string? sha = null;
        WriteVia(path, tmp =>
        {
            if (direct && DirectWriteStream.TryCreate(tmp) is { } d)
            {
                using (d)
                {
                    using var toDisk = new HashingStream(d);
                    write(toDisk);
                    d.Complete();
                    sha = toDisk.Sha256();
                }
                return;
            }
            using var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
            using var hashing = new HashingStream(new WritebackStream(fs));
            write(hashing);
            fs.Flush(true);
            sha = hashing.Sha256();
        });
        WrittenHashes.Record(path, sha!);
    }

    /// <summary>Writes text atomically (UTF-8, no BOM).</summary>
    public static void WriteText(string path, string text) =>
        Write(path, s => { var b = new System.Text.UTF8Encoding(false).GetBytes(text); s.Write(b, 0, b.Length); });

    /// <summary>Writes to a temporary path via <paramref name="writeTo"/> (for libraries that take a file name), then renames.</summary>
    public static void WriteVia(string path, Action<string> writeTo)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        RemoveStale(dir);
        string name = Path.GetFileName(full);
        string tmp = Path.Combine(dir, $"{Prefix}{ProcessIds.Current}-{Guid.NewGuid():N}-{name}");
        try
        {
            writeTo(tmp);
            FaultPoint.Hit("written:" + name);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>Deletes the temporary files in <paramref name="dir"/> whose writing process is no longer running.</summary>
    public static void RemoveStale(string dir)
    {
        if (!Directory.Exists(dir)) return;
        foreach (var f in Directory.EnumerateFiles(dir, Prefix + "*"))
        {
            int pid = ProcessIds.FromName(Path.GetFileName(f), Prefix);
            if (pid != 0 && pid != ProcessIds.Current && !ProcessIds.IsAlive(pid))
                try { File.Delete(f); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
