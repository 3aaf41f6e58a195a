namespace HessianLab.IO;

/// <summary>An exclusive lock on a result folder, held by the run that writes it.</summary>
/// <remarks>
/// The lock is the file <c>PARENT/.NAME.lock</c> opened with <see cref="FileShare.None"/> (on Linux .NET takes an
/// <c>flock(LOCK_EX)</c> on it), so the kernel releases it when the holder dies, however it dies: a stale lock
/// from a killed run is taken over by the next run without any clean-up. The holder's process id is written to
/// <c>PARENT/.NAME.lock.pid</c>, so a second run can name the process it waits for.
/// </remarks>
public sealed class ResultLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _pidFile;

    private ResultLock(FileStream stream, string pidFile)
    {
        _stream = stream;
        _pidFile = pidFile;
    }

    /// <summary>Takes the lock on <paramref name="target"/> (a folder path) or fails at once.</summary>
    /// <exception cref="IOException">Another running process holds it; the message names its process id.</exception>
    public static ResultLock Acquire(string target)
    {
        string full = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar);
        string parent = Path.GetDirectoryName(full)!;
        string name = Path.GetFileName(full);
        Directory.CreateDirectory(parent);
        string lockFile = Path.Combine(parent, $".{name}.lock");
        string pidFile = lockFile + ".pid";
        try
        {
            var stream = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(pidFile, ProcessIds.Current.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return new ResultLock(stream, pidFile);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException && File.Exists(lockFile))
        {
            string holder = File.Exists(pidFile) ? File.ReadAllText(pidFile).Trim() : "unknown";
            throw new IOException($"'{target}' is being written by another run (process {holder}); wait for it to finish or choose another output folder");
        }
    }

    /// <summary>Releases the lock (the lock file stays; an unlocked lock file means nothing).</summary>
    public void Dispose()
    {
        try { File.Delete(_pidFile); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        _stream.Dispose();
    }
}
