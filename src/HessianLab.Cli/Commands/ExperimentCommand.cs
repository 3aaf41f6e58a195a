using System.ComponentModel;
using System.Diagnostics;
using HessianLab.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab experiment ID [--quick] [--out DIR] [--seeds K] [--seed S]`: runs one experiment
/// (`reproduce` runs them all).</summary>
public sealed class ExperimentCommand : Command<ExperimentCommand.Settings>
{
    public sealed class Settings : ExperimentSettings
    {
        [CommandArgument(0, "<ID>")]
        [Description("Experiment id (see `hessianlab experiments`).")]
        public string Id { get; init; } = "";

        [CommandOption("--out <DIR>")]
        [Description("Output folder (default results/<ID>).")]
        public string? Out { get; init; }

        public override ValidationResult Validate()
        {
            var common = base.Validate();
            if (!common.Successful) return common;
            return Checkpoint is not null && !Id.Equals("E8", StringComparison.OrdinalIgnoreCase)
                ? ValidationResult.Error($"--checkpoint applies to E8 only, not {Id}") : ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var experiment = ExperimentRegistry.Get(s.Id);
        string dir = s.Out ?? Path.Combine("results", experiment.Id);
        AnsiConsole.MarkupLineInterpolated($"[bold]{experiment.Id}[/] {experiment.Title} ({(s.Quick ? "quick" : "full")} size) → {dir}");
        var result = s.Run(experiment, dir, Stopwatch.StartNew());
        CliOutput.PrintTable(result.Table);
        AnsiConsole.MarkupLineInterpolated($"[green]{result.Headline}[/]");
        AnsiConsole.MarkupLineInterpolated($"[grey]{result.Files.Count} files in {dir}, {result.Seconds:F1} s[/]");
        return 0;
    }
}
