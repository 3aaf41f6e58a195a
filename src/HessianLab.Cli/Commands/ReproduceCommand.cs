using System.ComponentModel;
using System.Diagnostics;
using HessianLab.Experiments;
using HessianLab.Runs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab reproduce [--quick] [--out DIR] [--only E1,E3]`: every experiment of the talk, then REPORT.md and report.html,
/// as one result folder: the previous reproduction stays until every experiment and the report are complete.</summary>
public sealed class ReproduceCommand(IAnsiConsole console) : Command<ReproduceCommand.Settings>
{
    public sealed class Settings : ExperimentSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("Result folder (default results/reproduce): one sub-folder per experiment and REPORT.md.")]
        public string Out { get; init; } = Path.Combine("results", "reproduce");

        [CommandOption("--only <IDS>")]
        [Description("Comma-separated experiment ids (default: all).")]
        public string? Only { get; init; }

        /// <summary>The experiments selected by --only (all without it).</summary>
        public IReadOnlyList<IExperiment> Selected() => Only is null ? ExperimentRegistry.All
            : Only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ExperimentRegistry.Get).Distinct().ToList();

        public override ValidationResult Validate()
        {
            if (Only is not null)
            {
                var ids = Only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (ids.Length == 0) return ValidationResult.Error("--only lists no experiment; give ids such as E1,E3 (see `hessianlab experiments`)");
                foreach (var id in ids)
                    if (!ExperimentRegistry.All.Any(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase)))
                        return ValidationResult.Error($"--only: unknown experiment '{id}'; known: {string.Join(", ", ExperimentRegistry.All.Select(e => e.Id))}");
            }
            return base.Validate() is { Successful: false } bad ? bad : Validation.OutputFolder("--out", Out) ?? ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var list = s.Selected();
        var total = Stopwatch.StartNew();
        var (report, runs) = ExperimentRun.Reproduce(list, s.Out, s.Context(console, total), CliOutput.Record(context, s.Seed),
            (i, e) => console.MarkupLineInterpolated($"[bold][[{i + 1}/{list.Count}]] {e.Id}[/] {e.Title}"),
            (e, r) => console.MarkupLineInterpolated($"  [green]{r.Headline}[/] [grey]({r.Seconds:F1} s)[/]"));
        console.MarkupLineInterpolated($"[green]{runs.Count} experiments in {total.Elapsed.TotalSeconds:F0} s; report: {report}[/]");
        return 0;
    }
}
