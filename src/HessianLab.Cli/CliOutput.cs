using System.Text.Json;
using HessianLab.Experiments;
using HessianLab.IO;
using Spectre.Console;

namespace HessianLab.Cli;

/// <summary>Shared console and output-folder helpers of the commands.</summary>
public static class CliOutput
{
    /// <summary>Creates the folder and checks it can be written; a one-line error otherwise.</summary>
    /// <exception cref="IOException">The folder cannot be created or written.</exception>
    public static void EnsureWritableFolder(string dir)
    {
        try
        {
            Directory.CreateDirectory(dir);
            string probe = Path.Combine(dir, $".write-test-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new IOException($"output folder '{dir}' cannot be written: {e.Message}");
        }
    }

    /// <summary>Checks, before any work, that the folder of an optional output file can be written.</summary>
    public static void EnsureWritableFileFolder(string? file)
    {
        if (file is not null) EnsureWritableFolder(Path.GetDirectoryName(Path.GetFullPath(file))!);
    }

    /// <summary>Writes <paramref name="value"/> as JSON to <paramref name="file"/> (atomically) when a file was given.</summary>
    public static void WriteJson<T>(string? file, T value)
    {
        if (file is null) return;
        AtomicFile.WriteText(file, JsonSerializer.Serialize(value, ExperimentContext.Json));
        AnsiConsole.MarkupLineInterpolated($"[grey]wrote {file}[/]");
    }

    /// <summary>Prints a table whose first row is the header.</summary>
    public static void PrintTable(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        if (rows.Count == 0) return;
        var table = new Table().AddColumns(rows[0].Select(Markup.Escape).ToArray());
        foreach (var r in rows.Skip(1)) table.AddRow(r.Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);
    }

    /// <summary>Runs <paramref name="work"/> with a progress bar (shown when output is interactive).</summary>
    public static T WithProgress<T>(string label, Func<Action<int, int>, T> work)
    {
        T result = default!;
        AnsiConsole.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(label);
                result = work((done, total) => { task.MaxValue = total; task.Value = done; });
            });
        return result;
    }

    /// <summary>Runs <paramref name="work"/> with one progress bar per reported phase (phase, done, total).</summary>
    public static T WithPhases<T>(Func<Action<string, int, int>, T> work)
    {
        T result = default!;
        AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                result = work((phase, done, total) =>
                {
                    if (!tasks.TryGetValue(phase, out var task)) tasks[phase] = task = ctx.AddTask(phase);
                    task.MaxValue = total;
                    task.Value = done;
                });
            });
        return result;
    }
}
