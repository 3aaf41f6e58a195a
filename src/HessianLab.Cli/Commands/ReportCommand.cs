using System.ComponentModel;
using HessianLab.IO;
using HessianLab.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab report DIR`: rewrites DIR/report.html (self-contained) from the result.json files that
/// `reproduce` and `experiment` leave in each experiment folder; DIR is revised as a whole (a new manifest).</summary>
public sealed class ReportCommand(IAnsiConsole console) : Command<ReportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<DIR>")]
        [Description("Result folder of `reproduce` (one sub-folder per experiment) or of one `experiment`.")]
        public string Dir { get; init; } = "";

        public override ValidationResult Validate() =>
            Directory.Exists(Dir) ? ValidationResult.Success() : ValidationResult.Error($"DIR '{Dir}' is not a folder");
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        if (ExperimentRecord.FindAll(s.Dir).Count == 0)
            throw new FileNotFoundException($"no {ExperimentRecord.FileName} in {s.Dir} or its sub-folders: run `hessianlab reproduce` or `hessianlab experiment` into it first");
        using var folder = ResultFolder.BeginRevision(s.Dir, CliOutput.Record(context, null));
        var runs = ExperimentRecord.FindAll(folder.Staging);
        HtmlReport.Write(folder.Staging, runs);
        folder.Commit();
        string path = Path.Combine(s.Dir, HtmlReport.FileName);
        console.MarkupLineInterpolated($"[green]{runs.Count} experiment(s) → {path}[/] ({new FileInfo(path).Length / 1e6:F1} MB, opens from disk)");
        return 0;
    }
}
