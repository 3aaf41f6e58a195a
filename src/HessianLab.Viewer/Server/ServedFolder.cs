namespace HessianLab.Viewer.Server;

/// <summary>The folder the viewer serves (read-only): resolves a request path to a file inside it, or refuses.</summary>
/// <remarks>Refused: empty paths, absolute or rooted paths, "..", ".", empty or hidden ("." prefixed) segments,
/// backslashes, colons, control characters, and anything whose full path (symbolic links followed) leaves the folder.</remarks>
public sealed class ServedFolder
{
    /// <summary>The folder's full path (no trailing separator).</summary>
    public string Root { get; }

    /// <summary>Wraps an existing folder.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public ServedFolder(string root)
    {
        var info = new DirectoryInfo(root);
        if (!info.Exists) throw new DirectoryNotFoundException($"folder '{root}' does not exist");
        Root = Path.TrimEndingDirectorySeparator((info.ResolveLinkTarget(true) as DirectoryInfo ?? info).FullName);
    }

    /// <summary>The full path of an existing file for a relative URL path like "inputs/W1.npy", or null when refused.</summary>
    public string? Resolve(string? relative)
    {
        if (string.IsNullOrEmpty(relative) || relative.Length > 1024) return null;
        if (relative.Any(ch => char.IsControl(ch) || ch is '\\' or ':')) return null;
        var parts = relative.Split('/');
        if (parts.Any(p => p.Length == 0 || p.StartsWith('.'))) return null;
        // Walk the components, following symbolic links, so a link cannot lead out of the folder.
        string current = Root;
        for (int k = 0; k < parts.Length; k++)
        {
            current = Path.Combine(current, parts[k]);
            FileSystemInfo info = k == parts.Length - 1 ? new FileInfo(current) : new DirectoryInfo(current);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                if (target is null || !target.Exists) return null;
                current = target.FullName;
            }
            if (!Inside(current)) return null;
        }
        return File.Exists(current) ? current : null;
    }

    private bool Inside(string full) =>
        Path.GetFullPath(full).StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
