using System.Globalization;

namespace HessianLab.Text;

/// <summary>Finds the text the Transformer experiments train on (no download: nothing outside the machine).</summary>
/// <remarks>Order: the given path (the CLI's <c>--corpus</c>); else HESSIANLAB_CORPUS; else every .md/.txt file of the
/// nearest <c>shared/</c> folder above the working directory (the talk's text and the project docs); else the
/// repository's own .md files (the small fallback for quick runs and tests). A path may name a file (read whole) or a
/// folder (every .txt/.md file below it, in ordinal path order, joined by blank lines). The source, with its size in
/// bytes, is reported in each experiment's config. A megabyte corpus: Debian's bible-kjv package,
/// <c>bible -f Gen1:1-Rev22:21 &gt; kjv.txt</c> (4.4 MB of public-domain English).</remarks>
public static class Corpus
{
    /// <summary>Name of the environment variable read when no path is given.</summary>
    public const string EnvironmentVariable = "HESSIANLAB_CORPUS";

    /// <summary>The corpus text and a description of where it came from (path, file count, bytes).</summary>
    /// <param name="path">A text file or a folder of .txt/.md files; null: HESSIANLAB_CORPUS, then the fallbacks.</param>
    /// <exception cref="FileNotFoundException">The path (or the variable's value) is neither a file nor a folder, or a folder has no text files.</exception>
    public static (string Text, string Source) Load(string? path = null)
    {
        if (!string.IsNullOrEmpty(path)) return FromPath(path, "the corpus path");
        string? variable = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(variable)) return FromPath(variable, EnvironmentVariable);
        foreach (var dir in Ancestors(Directory.GetCurrentDirectory()).Concat(Ancestors(AppContext.BaseDirectory)))
        {
            string shared = Path.Combine(dir, "shared");
            var files = Directory.Exists(shared) ? TextFiles(shared) : Array.Empty<string>();
            if (files.Length > 0) return Join(files, shared);
        }
        foreach (var dir in Ancestors(AppContext.BaseDirectory))
            if (File.Exists(Path.Combine(dir, "README.md")) && Directory.Exists(Path.Combine(dir, "src")))
                return Join(Directory.GetFiles(dir, "*.md", SearchOption.TopDirectoryOnly).OrderBy(f => f, StringComparer.Ordinal).ToArray(), $"{dir} (*.md)");
        throw new FileNotFoundException($"no text corpus found: pass a file or folder, or set {EnvironmentVariable}");
    }

    private static (string Text, string Source) FromPath(string path, string origin)
    {
        if (File.Exists(path)) return Join(new[] { path }, path);
        if (Directory.Exists(path))
        {
            var files = TextFiles(path);
            if (files.Length == 0) throw new FileNotFoundException($"{origin} names the folder '{path}', which holds no .txt or .md files");
            return Join(files, path);
        }
        throw new FileNotFoundException($"{origin} names '{path}', which is neither a file nor a folder");
    }

    private static (string Text, string Source) Join(string[] files, string where)
    {
        string text = string.Join("\n\n", files.Select(File.ReadAllText));
        long bytes = files.Sum(f => new FileInfo(f).Length);
        return (text, string.Create(CultureInfo.InvariantCulture, $"{where} ({files.Length} file{(files.Length == 1 ? "" : "s")}, {bytes:N0} bytes)"));
    }

    private static string[] TextFiles(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal).ToArray();

    private static IEnumerable<string> Ancestors(string start)
    {
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent) yield return d.FullName;
    }
}
