using System.Text.Json;
using HessianLab.Experiments;
using HessianLab.IO;

namespace HessianLab.Reports;

/// <summary>What one experiment run produced, kept as <c>result.json</c> in its folder so that a report can be
/// written later from the folder alone (<see cref="HtmlReport"/>).</summary>
/// <param name="Id">Experiment id, e.g. "E1".</param>
/// <param name="Title">One-line title.</param>
/// <param name="Claim">The talk's claim.</param>
/// <param name="Headline">The measured finding.</param>
/// <param name="Table">Summary table, first row the header.</param>
/// <param name="Files">Files written, relative to the experiment's folder ('/' separated).</param>
/// <param name="Seconds">Wall-clock time.</param>
/// <param name="Quick">Whether it ran at the quick sizes.</param>
public sealed record ExperimentRecord(string Id, string Title, string Claim, string Headline,
    IReadOnlyList<IReadOnlyList<string>> Table, IReadOnlyList<string> Files, double Seconds, bool Quick)
{
    /// <summary>The file name inside an experiment folder.</summary>
    public const string FileName = "result.json";

    /// <summary>The record of a finished run whose files lie in <paramref name="dir"/>.</summary>
    public static ExperimentRecord From(IExperiment experiment, ExperimentResult result, string dir, bool quick) =>
        new(experiment.Id, experiment.Title, experiment.Claim, result.Headline, result.Table,
            result.Files.Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/')).ToList(), result.Seconds, quick);

    /// <summary>Writes <c>result.json</c> into <paramref name="dir"/> atomically and returns its path.</summary>
    public string Save(string dir)
    {
        string path = Path.Combine(dir, FileName);
        AtomicFile.WriteText(path, JsonSerializer.Serialize(this, ExperimentContext.Json));
        return path;
    }

    /// <summary>The records under <paramref name="root"/>: its own result.json (an `experiment` folder) or those of
    /// its sub-folders (a `reproduce` folder), ordered by experiment number (E1, E2, …, E10).</summary>
    public static IReadOnlyList<(ExperimentRecord Record, string Dir)> FindAll(string root)
    {
        if (Load(root) is { } own) return [(own, root)];
        return Directory.EnumerateDirectories(root)
            .Select(d => (Record: Load(d), Dir: d))
            .Where(x => x.Record is not null)
            .Select(x => (x.Record!, x.Dir))
            .OrderBy(x => int.TryParse(new string(x.Item1.Id.SkipWhile(c => !char.IsDigit(c)).TakeWhile(char.IsDigit).ToArray()), out int n) ? n : int.MaxValue)
            .ThenBy(x => x.Item1.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Reads <c>result.json</c> of <paramref name="dir"/>, or null when the folder has none.</summary>
    /// <exception cref="InvalidDataException">The file is not a record.</exception>
    public static ExperimentRecord? Load(string dir)
    {
        string path = Path.Combine(dir, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<ExperimentRecord>(File.ReadAllText(path), ExperimentContext.Json)
                ?? throw new InvalidDataException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not an experiment record: {e.Message}");
        }
    }
}
