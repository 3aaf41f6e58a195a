using System.Globalization;
using System.Text;

namespace HessianLab.IO;

/// <summary>CSV result files: a header and rows, invariant culture, written atomically.</summary>
public static class CsvFiles
{
    /// <summary>Writes the table to <paramref name="path"/> and returns the path.</summary>
    public static string Write(string path, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object>> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(",", header));
        foreach (var row in rows)
            sb.AppendLine(string.Join(",", row.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
        AtomicFile.WriteText(path, sb.ToString());
        return path;
    }
}
