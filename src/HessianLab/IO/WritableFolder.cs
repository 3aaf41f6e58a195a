namespace HessianLab.IO;

/// <summary>Checks, before any work, that files can be created in a folder: creates it and writes and deletes a probe.</summary>
public static class WritableFolder
{
    /// <summary>Throws when <paramref name="dir"/> cannot be created or written; the message starts with <paramref name="what"/>
    /// (e.g. "output folder 'R'") and gives the system's reason.</summary>
    /// <exception cref="IOException">The folder cannot be used.</exception>
    public static void Ensure(string dir, string what)
    {
        try
        {
            Directory.CreateDirectory(dir);
            string probe = Path.Combine(dir, $".write-test-{ProcessIds.Current}-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new IOException($"{what} cannot be written: {e.Message}");
        }
    }
}
