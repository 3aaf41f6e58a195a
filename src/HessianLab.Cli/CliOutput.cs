using HessianLab.IO;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli;

/// <summary>Console and output helpers of the commands; every command writes through the <see cref="IAnsiConsole"/>
/// it is given (the real terminal, or a test console).</summary>
public static class CliOutput
{
    /// <summary>The manifest record of a command-line run: "hessianlab ARGS…" and its seed.</summary>
    public static RunRecord Record(CommandContext context, long? seed) =>
        new("hessianlab " + string.Join(" ", context.Arguments.Select(Quote)), seed);

    private static string Quote(string a) => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"\"{a}\"" : a;

    /// <summary>Checks, before any work, that an output file can be written: not a folder, its folder creatable.</summary>
    /// <exception cref="IOException">The message names the file and the problem.</exception>
    public static void EnsureWritableFile(string? file)
    {
        if (file is null) return;
        string full = Path.GetFullPath(file);
        if (Directory.Exists(full)) throw new IOException($"output file '{file}' is a folder; give a file name such as {Path.Combine(file, "bench.json")}");
        WritableFolder.Ensure(Path.GetDirectoryName(full)!, $"output file '{file}'");
    }

    /// <summary>Writes <paramref name="value"/> as JSON to <paramref name="file"/> (atomically) when a file was given.</summary>
    public static void WriteJson<T>(this IAnsiConsole console, string? file, T value) where T : notnull
    {
        if (file is null) return;
        JsonFiles.Write(file, value);
        console.MarkupLineInterpolated($"[grey]wrote {file}[/]");
    }

    /// <summary>Prints a table whose first row is the header.</summary>
    public static void PrintTable(this IAnsiConsole console, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        if (rows.Count == 0) return;
        var table = new Table().AddColumns(rows[0].Select(Markup.Escape).ToArray());
        foreach (var r in rows.Skip(1)) table.AddRow(r.Select(Markup.Escape).ToArray());
        console.Write(table);
    }

    /// <summary>Runs <paramref name="work"/> with a progress bar (shown when output is interactive).</summary>
    public static T WithProgress<T>(this IAnsiConsole console, string label, Func<Action<int, int>, T> work)
    {
        T result = default!;
        console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(label);
                result = work((done, total) => { task.MaxValue = total; task.Value = done; });
            });
        return result;
    }

    /// <summary>Runs <paramref name="work"/> with one progress bar per reported phase (phase, done, total).</summary>
    public static T WithPhases<T>(this IAnsiConsole console, Func<Action<string, int, int>, T> work)
    {
        T result = default!;
        console.Progress().AutoClear(false).HideCompleted(false)
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
