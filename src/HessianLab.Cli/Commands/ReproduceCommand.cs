using System.ComponentModel;
using System.Diagnostics;
using HessianLab.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab reproduce [--quick] [--out DIR] [--only E1,E3]`: every experiment of the talk, then REPORT.md and report.html.</summary>
public sealed class ReproduceCommand : Command<ReproduceCommand.Settings>
{
    public sealed class Settings : ExperimentSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("Output folder (default results): one sub-folder per experiment, REPORT.md and report.html.")]
        public string Out { get; init; } = "results";

        [CommandOption("--only <IDS>")]
        [Description("Comma-separated experiment ids (default: all).")]
        public string? Only { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var list = s.Only is null ? ExperimentRegistry.All
            : s.Only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ExperimentRegistry.Get).ToList();
        CliOutput.EnsureWritableFolder(s.Out);
        var runs = new List<(IExperiment, ExperimentResult, string)>();
        var total = Stopwatch.StartNew();
        for (int i = 0; i < list.Count; i++)
        {
            var e = list[i];
            string dir = Path.Combine(s.Out, e.Id);
            AnsiConsole.MarkupLineInterpolated($"[bold][[{i + 1}/{list.Count}]] {e.Id}[/] {e.Title}");
            var result = s.Run(e, dir, total);
            AnsiConsole.MarkupLineInterpolated($"  [green]{result.Headline}[/] [grey]({result.Seconds:F1} s)[/]");
            runs.Add((e, result, dir));
        }
        string report = ReproductionReport.Write(s.Out, s.Quick, runs);
        string html = Reports.HtmlReport.Write(s.Out, runs.Select(r => (Reports.ExperimentRecord.From(r.Item1, r.Item2, r.Item3, s.Quick), r.Item3)).ToList());
        AnsiConsole.MarkupLineInterpolated($"[green]{runs.Count} experiments in {total.Elapsed.TotalSeconds:F0} s; report: {report}, {html}[/]");
        return 0;
    }
}
