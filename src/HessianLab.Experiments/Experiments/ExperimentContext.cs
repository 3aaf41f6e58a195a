using System.Text.Json;
using HessianLab.IO;

namespace HessianLab.Experiments;

/// <summary>Where and how an experiment runs.</summary>
/// <param name="OutDir">Folder the experiment writes into (the staging folder of its result, see <see cref="ResultFolder"/>).</param>
/// <param name="Quick">Small sizes that finish in seconds (tests, CI); false: the talk's sizes.</param>
/// <param name="Seeds">Number of seeds where the experiment averages over seeds.</param>
/// <param name="Seed">Base seed.</param>
/// <param name="Log">Progress messages (one line each).</param>
/// <param name="Corpus">Text file or folder the language-model experiments train on; null: <see cref="Text.Corpus.Load"/>'s defaults.</param>
/// <param name="Checkpoint">E8/E9: analyse this GPT-2 checkpoint instead of training the small GPT.</param>
/// <param name="Preset">E1, E2, E3, E6 (<see cref="Hessians.IPresetExperiment"/>): run under this preset only (the authors' code or the
/// theorem's settings, <see cref="Problems.MlpPresets"/>); null: E1 and E2 run both side by side, E3 and E6 the theory preset.</param>
public sealed record ExperimentContext(string OutDir, bool Quick = false, int Seeds = 5, long Seed = 0, Action<string>? Log = null, string? Corpus = null,
    Transformers.CheckpointSubBlockOptions? Checkpoint = null, Problems.ProblemPreset? Preset = null)
{
    /// <summary>Options for JSON output (<see cref="JsonFiles.Options"/>: indented, camelCase, NaN allowed as strings).</summary>
    public static JsonSerializerOptions Json => JsonFiles.Options;

    /// <summary>Full path of a file in <see cref="OutDir"/>.</summary>
    public string PathOf(string fileName) => Path.Combine(OutDir, fileName);

    /// <summary>Writes an object as JSON atomically and returns its path.</summary>
    public string WriteJson(string fileName, object value) => JsonFiles.Write(PathOf(fileName), value);

    /// <summary>Writes a CSV (header + rows, invariant culture) atomically and returns its path.</summary>
    public string WriteCsv(string fileName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object>> rows) =>
        CsvFiles.Write(PathOf(fileName), header, rows);

    private static readonly Lock ReportLock = new();

    /// <summary>Reports a progress line; callable from several threads at once (lines are passed on one at a time).</summary>
    public void Report(string message)
    {
        lock (ReportLock) Log?.Invoke(message);
    }
}
