namespace HessianLab.IO;

/// <summary>Writes files so that an interrupted run never leaves a half-written file:
/// the content goes to ".tmp-XXXX-name" in the same folder (the file name stays the suffix, so libraries that
/// infer the format from the extension still work) and is renamed over the target at the end.</summary>
public static class AtomicFile
{
    /// <summary>Writes through <paramref name="write"/> into a temporary file, then renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write) => WriteVia(path, tmp =>
    {
        using var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        write(fs);
        fs.Flush(true);
    });

    /// <summary>Writes text atomically (UTF-8, no BOM).</summary>
    public static void WriteText(string path, string text) =>
        Write(path, s => { var b = new System.Text.UTF8Encoding(false).GetBytes(text); s.Write(b, 0, b.Length); });

    /// <summary>Writes to a temporary path via <paramref name="writeTo"/> (for libraries that take a file name), then renames.</summary>
    public static void WriteVia(string path, Action<string> writeTo)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, $".tmp-{Guid.NewGuid():N}-{Path.GetFileName(full)}");
        try
        {
            writeTo(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
