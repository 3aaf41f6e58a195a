namespace HessianLab.Text;

/// <summary>Finds the text the Transformer experiments train on (no download: nothing outside the machine).</summary>
/// <remarks>Order: the file named by HESSIANLAB_CORPUS; else every .md/.txt file of the nearest
/// <c>shared/</c> folder above the working directory (the talk's text and the project docs);
/// else the repository's own .md files. The source is reported in each experiment's config.</remarks>
public static class Corpus
{
    /// <summary>The corpus text and a description of where it came from.</summary>
    public static (string Text, string Source) Load()
    {
        string? file = Environment.GetEnvironmentVariable("HESSIANLAB_CORPUS");
        if (!string.IsNullOrEmpty(file))
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"HESSIANLAB_CORPUS names '{file}', which does not exist");
            return (File.ReadAllText(file), file);
        }
        foreach (var dir in Ancestors(Directory.GetCurrentDirectory()).Concat(Ancestors(AppContext.BaseDirectory)))
        {
            string shared = Path.Combine(dir, "shared");
            var files = Directory.Exists(shared) ? TextFiles(shared) : Array.Empty<string>();
            if (files.Length > 0) return (string.Join("\n\n", files.Select(File.ReadAllText)), $"{shared} ({files.Length} files)");
        }
        foreach (var dir in Ancestors(AppContext.BaseDirectory))
            if (File.Exists(Path.Combine(dir, "README.md")) && Directory.Exists(Path.Combine(dir, "src")))
            {
                var md = Directory.GetFiles(dir, "*.md", SearchOption.TopDirectoryOnly).OrderBy(f => f, StringComparer.Ordinal).ToArray();
                return (string.Join("\n\n", md.Select(File.ReadAllText)), $"{dir} (*.md)");
            }
        throw new FileNotFoundException("no text corpus found: set HESSIANLAB_CORPUS to a text file");
    }

    private static string[] TextFiles(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".txt", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal).ToArray();

    private static IEnumerable<string> Ancestors(string start)
    {
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent) yield return d.FullName;
    }
}
