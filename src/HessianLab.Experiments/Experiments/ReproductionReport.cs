using System.Text;
using HessianLab.IO;

namespace HessianLab.Experiments;

/// <summary>Writes REPORT.md for a reproduction run: per experiment the talk's claim, what was measured
/// (headline and table), the time, and links to its pictures.</summary>
public static class ReproductionReport
{
    /// <summary>Writes <c>REPORT.md</c> in <paramref name="root"/> and returns its path.</summary>
    public static string Write(string root, bool quick, IReadOnlyList<(IExperiment Experiment, ExperimentResult Result, string Dir)> runs)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# HessianLab reproduction ({(quick ? "quick sizes" : "the talk's sizes")})");
        sb.AppendLine();
        sb.AppendLine($"{runs.Count} experiment(s), {runs.Sum(r => r.Result.Seconds):F0} s in all. Each folder holds the pictures, numbers (JSON/CSV) and config.json.");
        foreach (var (e, r, dir) in runs)
        {
            sb.AppendLine();
            sb.AppendLine($"## {e.Id} — {e.Title}");
            sb.AppendLine();
            sb.AppendLine($"- Talk's claim: {e.Claim}");
            sb.AppendLine($"- Measured: {r.Headline}");
            sb.AppendLine($"- Time: {r.Seconds:F1} s");
            sb.AppendLine();
            if (r.Table.Count > 0)
            {
                sb.AppendLine("| " + string.Join(" | ", r.Table[0]) + " |");
                sb.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", r.Table[0].Count)));
                foreach (var row in r.Table.Skip(1)) sb.AppendLine("| " + string.Join(" | ", row) + " |");
                sb.AppendLine();
            }
            foreach (var png in r.Files.Where(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase)))
                sb.AppendLine($"![{Path.GetFileName(png)}]({Path.GetRelativePath(root, png).Replace('\\', '/')})");
        }
        string path = Path.Combine(root, "REPORT.md");
        AtomicFile.WriteText(path, sb.ToString());
        return path;
    }
}
