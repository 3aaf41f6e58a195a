namespace HessianLab.IO;

/// <summary>One run = one result folder, replaced as a whole.</summary>
/// <remarks>
/// <para>A run writes every file into a staging folder beside its target (<c>PARENT/.NAME.staging-PID-…</c>, same
/// file system), writes <c>manifest.json</c> last (every file with size and SHA-256, the command, version, seed,
/// start and end time), then swaps the staging folder in (<see cref="DirectorySwap"/>). A reader therefore sees the
/// complete previous result or the complete new one; a run that fails or is killed leaves the previous result as
/// it was. A lock (<see cref="ResultLock"/>) makes a second run on the same target fail at once; staging and old
/// folders left by killed runs are removed by the next run on that target.</para>
/// <para>Only folders this tool made are ever replaced: a target must be absent, empty, or hold a
/// <c>manifest.json</c>, and must not lie inside another result folder (<see cref="CheckTarget"/>).</para>
/// </remarks>
public sealed class ResultFolder : IDisposable
{
    private readonly ResultLock _lock;
    private readonly RunRecord _record;
    private readonly IReadOnlyCollection<string> _carry;
    private readonly List<string> _carried = new();
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private bool _committed;

    /// <summary>The folder the result will be at (full path).</summary>
    public string Target { get; }

    /// <summary>The folder to write into until <see cref="Commit"/>.</summary>
    public string Staging { get; }

    private ResultFolder(string target, string staging, ResultLock @lock, RunRecord record, IReadOnlyCollection<string> carry)
    {
        _carry = carry;
        Target = target;
        Staging = staging;
        _lock = @lock;
        _record = record;
    }

    /// <summary>Checks <paramref name="target"/> (see remarks), takes its lock, removes leftovers of killed runs and
    /// creates an empty staging folder.</summary>
    /// <exception cref="IOException">Another run holds the target, or it is not a folder this tool may replace.</exception>
    public static ResultFolder Begin(string target, RunRecord record) => Begin(target, record, Array.Empty<string>());

    /// <summary>Same, for a target that may also hold the sub-folders <paramref name="carry"/> without being a result
    /// yet (e.g. the tiles a merge assembles): they are moved into the new result at <see cref="Commit"/> (listed in
    /// its manifest) and moved back if the run fails.</summary>
    public static ResultFolder Begin(string target, RunRecord record, IReadOnlyCollection<string> carry)
    {
        string full = CheckTargetCarrying(target, carry);
        var @lock = ResultLock.Acquire(full);
        try
        {
            CleanLeftovers(full);
            CheckTargetCarrying(target, carry);   // again, now that no other run can change it
            string staging = Path.Combine(Path.GetDirectoryName(full)!, $"{Hidden(full)}.staging-{ProcessIds.Current}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(staging);
            return new ResultFolder(full, staging, @lock, record, carry);
        }
        catch
        {
            @lock.Dispose();
            throw;
        }
    }

    /// <summary>Begins a new revision of the existing result <paramref name="target"/>: the staging folder starts
    /// with every file of the current result (hard links, so nothing is copied), for a job that adds or replaces a
    /// few files (e.g. a report); the commit swaps the whole revised folder in with a new manifest.</summary>
    /// <exception cref="IOException">The target is not a complete result folder, or another run holds it.</exception>
    public static ResultFolder BeginRevision(string target, RunRecord record)
    {
        if (!File.Exists(Path.Combine(target, Manifest.FileName)))
            throw new IOException($"'{target}' is not a HessianLab result folder (no {Manifest.FileName}); only results can be revised");
        var folder = Begin(target, record);
        try
        {
            foreach (var file in Directory.EnumerateFiles(folder.Target, "*", SearchOption.AllDirectories))
            {
                string rel = Path.GetRelativePath(folder.Target, file);
                if (rel != Manifest.FileName) HardLinks.LinkOrCopy(file, Path.Combine(folder.Staging, rel));
            }
            return folder;
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>Validates an output folder before any work: its path can be created, and it is absent, empty, or a
    /// previous result (has <c>manifest.json</c>), and is not inside another result folder. Returns the full path.</summary>
    /// <exception cref="IOException">The message names the folder and the problem.</exception>
    public static string CheckTarget(string target) => CheckTargetCarrying(target, Array.Empty<string>());

    /// <summary>Same, also accepting a target whose only entries are the sub-folders <paramref name="carry"/>.</summary>
    public static string CheckTargetCarrying(string target, IReadOnlyCollection<string> carry)
    {
        if (string.IsNullOrWhiteSpace(target)) throw new IOException("the output folder is empty; give a folder path");
        string full;
        try { full = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        { throw new IOException($"output folder '{target}' is not a valid path: {e.Message}"); }
        if (Path.GetDirectoryName(full) is null) throw new IOException($"output folder '{target}' is a file-system root; give a sub-folder");
        if (File.Exists(full)) throw new IOException($"output folder '{target}' is a file");
        for (var up = Path.GetDirectoryName(full); up is not null; up = Path.GetDirectoryName(up))
        {
            if (File.Exists(up)) throw new IOException($"output folder '{target}' cannot be written: '{up}' is a file");
            if (File.Exists(Path.Combine(up, Manifest.FileName)))
                throw new IOException($"output folder '{target}' is inside the result folder '{up}', which is replaced as a whole; choose a folder outside it");
        }
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any(e => !(Directory.Exists(e) && carry.Contains(Path.GetFileName(e))))
            && !File.Exists(Path.Combine(full, Manifest.FileName)))
            throw new IOException($"output folder '{target}' exists and is not a HessianLab result (no {Manifest.FileName}); choose a new or empty folder");
        EnsureWritableParent(full, target);
        return full;
    }

    /// <summary>Full path in the staging folder of a file given relative to the result folder.</summary>
    public string PathOf(string relative) => Path.Combine(Staging, relative);

    /// <summary>Where a file written at <paramref name="stagingPath"/> is after <see cref="Commit"/>.</summary>
    public string FinalPathOf(string stagingPath) =>
        Path.Combine(Target, Path.GetRelativePath(Staging, Path.GetFullPath(stagingPath)));

    /// <summary>Writes the manifest and swaps the staging folder in as <see cref="Target"/>.</summary>
    public Manifest Commit()
    {
        if (_committed) throw new InvalidOperationException("the result folder was already committed");
        FaultPoint.Hit("manifest");
        foreach (var name in _carry)
            if (Directory.Exists(Path.Combine(Target, name)) && !Path.Exists(Path.Combine(Staging, name)))
            {
                Directory.Move(Path.Combine(Target, name), Path.Combine(Staging, name));
                _carried.Add(name);
            }
        var manifest = Manifest.Build(Staging, _record, _started);
        JsonFiles.Write(Path.Combine(Staging, Manifest.FileName), manifest);
        FaultPoint.Hit("swap");
        string? old = DirectorySwap.Replace(Staging, Target, Path.Combine(Path.GetDirectoryName(Target)!, $"{Hidden(Target)}.old-{ProcessIds.Current}-{Guid.NewGuid():N}"));
        _committed = true;
        WrittenHashes.ForgetUnder(Staging);
        if (old is not null) TryDelete(old);
        return manifest;
    }

    /// <summary>Without a commit, deletes the staging folder (the previous result stays); releases the lock.</summary>
    public void Dispose()
    {
        if (!_committed)
        {
            foreach (var name in _carried)   // give carried folders back before the staging folder goes
                try { Directory.Move(Path.Combine(Staging, name), Path.Combine(Target, name)); }
                catch (IOException) { }
            TryDelete(Staging);
        }
        _lock.Dispose();
    }

    private static string Hidden(string full) => "." + Path.GetFileName(full);

    /// <summary>Under the lock: restores a previous result orphaned between the fallback's two renames, then
    /// deletes staging and old folders of this target left by runs that were killed.</summary>
    private static void CleanLeftovers(string full)
    {
        string parent = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(parent)) return;
        string hidden = Hidden(full);
        var olds = Directory.GetDirectories(parent, hidden + ".old-*");
        if (!Directory.Exists(full) && olds.Length > 0) Directory.Move(olds[0], full);
        foreach (var d in Directory.GetDirectories(parent, hidden + ".old-*").Concat(Directory.GetDirectories(parent, hidden + ".staging-*")))
            TryDelete(d);
        AtomicFile.RemoveStale(parent);
    }

    private static void EnsureWritableParent(string full, string target) =>
        WritableFolder.Ensure(Path.GetDirectoryName(full)!, $"output folder '{target}'");

    private static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
