using System.ComponentModel;
using HessianLab.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab report DIR`: writes DIR/report.html (self-contained) from the result.json files that
/// `reproduce` and `experiment` leave in each experiment folder.</summary>
public sealed class ReportCommand : Command<ReportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<DIR>")]
        [Description("Output folder of `reproduce` (one sub-folder per experiment) or of one `experiment`.")]
        public string Dir { get; init; } = "";

        public override ValidationResult Validate() =>
            Directory.Exists(Dir) ? ValidationResult.Success() : ValidationResult.Error($"DIR '{Dir}' is not a folder");
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var runs = ExperimentRecord.FindAll(s.Dir);
        if (runs.Count == 0)
            throw new FileNotFoundException($"no {ExperimentRecord.FileName} in {s.Dir} or its sub-folders: run `hessianlab reproduce` or `hessianlab experiment` into it first");
        CliOutput.EnsureWritableFolder(s.Dir);
        string path = HtmlReport.Write(s.Dir, runs);
        AnsiConsole.MarkupLineInterpolated($"[green]{runs.Count} experiment(s) → {path}[/] ({new FileInfo(path).Length / 1e6:F1} MB, opens from disk)");
        return 0;
    }
}
