using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using HessianLab.IO;

namespace HessianLab.Reports;

/// <summary>Writes <c>report.html</c>: per experiment the talk's claim, the measured finding, its table, its
/// pictures and the command that opens each saved Hessian in <c>hessianlab view</c>.</summary>
/// <remarks>Self-contained: pictures are embedded as <c>data:image/png;base64</c> URIs and the style sheet is
/// inline, so the file opens from disk with no server and no network; it has no script. The only links are
/// relative ones to the experiment's own files (JSON, CSV) and plain links to the papers.</remarks>
public static partial class HtmlReport
{
    /// <summary>The file name.</summary>
    public const string FileName = "report.html";

    /// <summary>Writes <c>report.html</c> in <paramref name="root"/> for the experiments in <paramref name="runs"/>
    /// (each with the folder its files are in) and returns its path.</summary>
    public static string Write(string root, IReadOnlyList<(ExperimentRecord Record, string Dir)> runs)
    {
        bool quick = runs.Count > 0 && runs.All(r => r.Record.Quick);
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>HessianLab report</title>\n<style>\n")
         .Append(Style).Append("</style>\n</head>\n<body>\n");
        h.Append($"<h1>HessianLab reproduction ({(quick ? "quick sizes" : "the talk's sizes")})</h1>\n");
        h.Append(CultureInfo.InvariantCulture, $"<p>{runs.Count} experiment(s), {runs.Sum(r => r.Record.Seconds):F0} s in all. Talk: “Towards Quantifying the Hessian Structure of Neural Networks”, <a href=\"https://arxiv.org/abs/2505.02809\">arXiv 2505.02809</a>.</p>\n");
        h.Append("<nav><ul>");
        foreach (var (r, _) in runs) h.Append($"<li><a href=\"#{E(r.Id)}\">{E(r.Id)} — {E(r.Title)}</a></li>");
        h.Append("</ul></nav>\n");
        foreach (var (r, dir) in runs) Section(h, root, r, dir);
        h.Append("</body>\n</html>\n");
        string path = Path.Combine(root, FileName);
        AtomicFile.WriteText(path, h.ToString());
        return path;
    }

    private static void Section(StringBuilder h, string root, ExperimentRecord r, string dir)
    {
        h.Append($"<section id=\"{E(r.Id)}\">\n<h2>{E(r.Id)} — {E(r.Title)}</h2>\n<dl>\n");
        h.Append($"<dt>Talk's claim</dt><dd>{E(r.Claim)}</dd>\n<dt>Measured</dt><dd class=\"headline\">{E(r.Headline)}</dd>\n");
        h.Append(CultureInfo.InvariantCulture, $"<dt>Time</dt><dd>{r.Seconds:F1} s{(r.Quick ? " (quick sizes)" : "")}</dd>\n</dl>\n");
        if (r.Table.Count > 0)
        {
            h.Append("<table>\n<thead><tr>");
            foreach (var c in r.Table[0]) h.Append($"<th>{E(c)}</th>");
            h.Append("</tr></thead>\n<tbody>\n");
            foreach (var row in r.Table.Skip(1))
            {
                h.Append("<tr>");
                foreach (var c in row) h.Append($"<td>{E(c)}</td>");
                h.Append("</tr>\n");
            }
            h.Append("</tbody>\n</table>\n");
        }
        foreach (var png in r.Files.Where(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase)))
        {
            string file = Path.Combine(dir, png);
            if (!File.Exists(file)) { h.Append($"<p class=\"missing\">missing picture: {E(png)}</p>\n"); continue; }
            h.Append($"<figure><img alt=\"{E(png)}\" src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(file))}\"><figcaption>{E(png)}</figcaption></figure>\n");
        }
        var hessians = SquareMatrices(dir).ToList();
        if (hessians.Count > 0)
        {
            h.Append("<p>Explore the saved matrices entry by entry (zoom, parameter names, values); from this report's folder run:</p>\n<ul class=\"view\">\n");
            foreach (var (file, n) in hessians)
                h.Append($"<li><code>hessianlab view {E(Quote(Path.GetRelativePath(root, dir)))} --matrix {E(Quote(file))}</code> ({n}×{n})</li>\n");
            h.Append("</ul>\n");
        }
        var data = r.Files.Where(f => !f.EndsWith(".png", StringComparison.OrdinalIgnoreCase) && File.Exists(Path.Combine(dir, f))).ToList();
        if (data.Count > 0)
        {
            h.Append("<p class=\"files\">Numbers: ");
            h.Append(string.Join(", ", data.Select(f => $"<a href=\"{E(Rel(root, Path.Combine(dir, f)))}\">{E(f)}</a>")));
            h.Append("</p>\n");
        }
        h.Append("</section>\n");
    }

    /// <summary>The square 2-D .npy files of a folder (name relative to it, side), read from their headers only.</summary>
    public static IEnumerable<(string File, long Side)> SquareMatrices(string dir)
    {
        if (!Directory.Exists(dir)) yield break;
        foreach (var path in Directory.EnumerateFiles(dir, "*.npy", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            if (Shape(path) is [var a, var b] && a == b && a > 1)
                yield return (Path.GetRelativePath(dir, path).Replace('\\', '/'), a);
    }

    private static long[]? Shape(string path)
    {
        try
        {
            using var s = File.OpenRead(path);
            var pre = new byte[10];
            if (s.Read(pre, 0, 10) != 10 || pre[0] != 0x93 || pre[6] != 1) return null;
            var text = new byte[pre[8] | pre[9] << 8];
            s.ReadExactly(text);
            var m = ShapeRegex().Match(Encoding.ASCII.GetString(text));
            return m.Success ? m.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray() : null;
        }
        catch (Exception e) when (e is IOException or FormatException or EndOfStreamException) { return null; }
    }

    private static string Rel(string root, string path) =>
        string.Join('/', Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString));

    private static string Quote(string arg) => arg.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"') ? $"'{arg.Replace("'", "'\\''")}'" : arg;

    private static string E(string s) => WebUtility.HtmlEncode(s);

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapeRegex();

    private const string Style = """
        body { font: 15px/1.5 system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
        h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
        dt { font-weight: 600; } dd { margin: 0 0 .5em 1.5em; } dd.headline { font-weight: 600; color: #064; }
        table { border-collapse: collapse; margin: 1em 0; font-size: .9em; } th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: right; }
        th { background: #f3f3f3; } td:first-child, th:first-child { text-align: left; }
        figure { margin: 1em 0; } img { max-width: 100%; border: 1px solid #ddd; } figcaption { font-size: .85em; color: #666; }
        code { background: #f3f3f3; padding: .1em .3em; } .missing { color: #a00; } nav ul { columns: 2; }

        """;
}
