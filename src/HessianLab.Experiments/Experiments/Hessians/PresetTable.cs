using HessianLab.Problems;
using HessianLab.Statistics;

namespace HessianLab.Experiments.Hessians;

/// <summary>Presets side by side: for each quantity of <see cref="PresetRow"/>, mean ± 95 % interval over seeds per preset.</summary>
public static class PresetTable
{
    /// <summary>One summarized quantity: its name and, per preset, the interval over seeds.</summary>
    public sealed record Entry(string Quantity, IReadOnlyDictionary<string, Interval> ByPreset);

    /// <summary>Intervals of every quantity for the rows of each preset (rows already filtered to one step).</summary>
    public static List<Entry> Summarize(IReadOnlyList<PresetRow> rows, IReadOnlyList<ProblemPreset> presets) =>
        PresetRow.Quantities.Select(q => new Entry(q.Name, presets.ToDictionary(p => p.ToString().ToLowerInvariant(),
            p => Interval.Of(rows.Where(r => r.Preset == p).Select(q.Value))))).ToList();

    /// <summary>Table rows: header "quantity | theory (K seeds) | paper (K seeds)", then one row per quantity.</summary>
    public static List<IReadOnlyList<string>> Rows(IReadOnlyList<Entry> entries, IReadOnlyList<ProblemPreset> presets, string first = "quantity")
    {
        var keys = presets.Select(p => p.ToString().ToLowerInvariant()).ToList();
        var table = new List<IReadOnlyList<string>>
        {
            new[] { first }.Concat(keys.Select(k => $"{k} (mean ± 95 % CI, {entries[0].ByPreset[k].Count} seeds)")).ToList(),
        };
        table.AddRange(entries.Select(e => (IReadOnlyList<string>)new[] { e.Quantity }.Concat(keys.Select(k => e.ByPreset[k].Format(ResultTables.G))).ToList()));
        return table;
    }
}
