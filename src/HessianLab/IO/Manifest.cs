using System.Security.Cryptography;
using System.Text.Json;

namespace HessianLab.IO;

/// <summary><c>manifest.json</c>: the last file written into a result folder, listing every other file with its
/// size and SHA-256, the command, version, seed and times. A folder whose manifest verifies is one complete run.</summary>
/// <param name="Format">Format tag, <see cref="FormatName"/>.</param>
/// <param name="Tool">HessianLab version.</param>
/// <param name="Command">The command line (or library call).</param>
/// <param name="Seed">Base seed, if any.</param>
/// <param name="Started">UTC start time (ISO 8601).</param>
/// <param name="Finished">UTC time the manifest was written.</param>
/// <param name="Files">Every file of the folder but the manifest itself, sorted by path.</param>
public sealed record Manifest(string Format, string Tool, string Command, long? Seed, string Started, string Finished,
    IReadOnlyList<ManifestEntry> Files)
{
    /// <summary>The file name.</summary>
    public const string FileName = "manifest.json";

    /// <summary>The format tag written into every manifest.</summary>
    public const string FormatName = "hessianlab-result/1";

    /// <summary>Hashes every file under <paramref name="dir"/> (in parallel) and builds the manifest.</summary>
    public static Manifest Build(string dir, RunRecord record, DateTimeOffset started)
    {
        var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/'))
            .Where(f => f != FileName)   // only this folder's own manifest (a carried tile keeps its own, listed here)
            .OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var entries = new ManifestEntry[files.Length];
        Parallel.For(0, files.Length, i =>
        {
            string p = Path.Combine(dir, files[i]);
            entries[i] = new ManifestEntry(files[i], new FileInfo(p).Length, WrittenHashes.Lookup(p) ?? Hash(p));
        });
        return new Manifest(FormatName, RunRecord.ToolVersion, record.Command, record.Seed, started.ToString("O"),
            DateTimeOffset.UtcNow.ToString("O"), entries);
    }

    /// <summary>SHA-256 of a file, lower-case hex.</summary>
    public static string Hash(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(fs));
    }

    /// <summary>Reads <c>DIR/manifest.json</c>.</summary>
    /// <exception cref="InvalidDataException">Missing or malformed manifest.</exception>
    public static Manifest Read(string dir)
    {
        string p = Path.Combine(dir, FileName);
        if (!File.Exists(p)) throw new InvalidDataException($"'{dir}' has no {FileName}: it is not a complete HessianLab result");
        try
        {
            return JsonSerializer.Deserialize<Manifest>(File.ReadAllText(p), JsonFiles.Options)
                   ?? throw new InvalidDataException($"{p} is empty");
        }
        catch (JsonException e) { throw new InvalidDataException($"{p} is not a valid manifest: {e.Message}"); }
    }

    /// <summary>Checks a result folder against its manifest: every listed file present with its size and hash,
    /// no unlisted file. Returns the problems found (empty: the folder is exactly the run the manifest describes).</summary>
    public static IReadOnlyList<string> Verify(string dir)
    {
        var problems = new List<string>();
        Manifest m;
        try { m = Read(dir); }
        catch (InvalidDataException e) { return new[] { e.Message }; }
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in m.Files)
        {
            listed.Add(e.Path);
            string p = Path.Combine(dir, e.Path);
            if (!File.Exists(p)) problems.Add($"{e.Path}: missing");
            else if (new FileInfo(p).Length != e.Bytes) problems.Add($"{e.Path}: {new FileInfo(p).Length} bytes, manifest says {e.Bytes}");
            else if (Hash(p) != e.Sha256) problems.Add($"{e.Path}: content differs from the manifest's SHA-256");
        }
        foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            string rel = Path.GetRelativePath(dir, f).Replace('\\', '/');
            if (rel != FileName && !listed.Contains(rel)) problems.Add($"{rel}: not in the manifest");
        }
        return problems;
    }
}
