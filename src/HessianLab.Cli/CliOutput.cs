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
