using System.Text.Json;
using HessianLab.Models;

namespace HessianLab.Viewer.Matrix;

/// <summary>Names θ indices after the run's parameter layout: θ index → "W1[3, 417]" (row, column of the weight
/// matrix) or "b1[3]" for a bias column.</summary>
/// <remarks>The layout is config.json's "segments" list as <c>hessianlab hessian</c> writes it
/// (name, rows, cols, offset, hasBias; θ = [vec_row([W1|b1]); vec_row([W2|b2]); …]).</remarks>
public sealed class ThetaNames
{
    /// <summary>The segments in θ order (empty when the folder has no usable layout).</summary>
    public IReadOnlyList<ParameterSegment> Segments { get; }

    /// <summary>Wraps a layout.</summary>
    public ThetaNames(IReadOnlyList<ParameterSegment> segments) => Segments = segments;

    /// <summary>The layout in config.json when it covers exactly <paramref name="count"/> parameters, else none.</summary>
    public static ThetaNames FromConfig(JsonElement? config, long count)
    {
        if (config is not { ValueKind: JsonValueKind.Object } c || !c.TryGetProperty("segments", out var segs) || segs.ValueKind != JsonValueKind.Array)
            return new ThetaNames([]);
        var list = new List<ParameterSegment>();
        foreach (var s in segs.EnumerateArray())
            list.Add(new ParameterSegment(s.GetProperty("name").GetString() ?? "?", s.GetProperty("rows").GetInt32(),
                s.GetProperty("cols").GetInt32(), s.GetProperty("offset").GetInt64(),
                s.TryGetProperty("hasBias", out var b) && b.GetBoolean()));
        long total = 0;
        foreach (var s in list)
        {
            if (s.Offset != total) return new ThetaNames([]);
            total += s.Size;
        }
        return total == count ? new ThetaNames(list) : new ThetaNames([]);
    }

    /// <summary>"W1[3, 417]", "b1[3]", or "θ[i]" when there is no layout.</summary>
    public string Name(long index)
    {
        foreach (var s in Segments)
        {
            if (index < s.Offset || index >= s.Offset + s.Size) continue;
            long k = index - s.Offset;
            long row = k / s.Cols, col = k % s.Cols;
            if (s.HasBias && col == s.Cols - 1) return $"{BiasName(s.Name)}[{row}]";
            return $"{s.Name}[{row}, {col}]";
        }
        return $"θ[{index}]";
    }

    private static string BiasName(string weight) => weight.StartsWith('W') ? "b" + weight[1..] : weight + ".bias";
}
