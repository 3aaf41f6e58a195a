using System.ComponentModel;
using System.Diagnostics;
using HessianLab.Cli.Parsing;
using HessianLab.Experiments;
using HessianLab.Runs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab experiment ID [--quick] [--out DIR] [--seeds K] [--seed S]`: runs one experiment
/// (`reproduce` runs them all).</summary>
public sealed class ExperimentCommand(IAnsiConsole console) : Command<ExperimentCommand.Settings>
{
    public sealed class Settings : ExperimentSettings
    {
        [CommandArgument(0, "<ID>")]
        [Description("Experiment id (see `hessianlab experiments`).")]
        public string Id { get; init; } = "";

        [CommandOption("--out <DIR>")]
        [Description("Result folder (default results/<ID>); replaced as a whole when the run completes.")]
        public string? Out { get; init; }

        [CommandOption("--preset <NAME>")]
        [Description("E1, E2, E3, E6 only: theory (LeCun init, float64: the theorem's setting) or paper (the authors' code: torch U(±1/√fan_in) init, float32, Adam lr 1e-4 cosine T_max 50,000, cividis pictures). Default: E1 and E2 run both side by side, E3 and E6 theory.")]
        [TypeConverter(typeof(KebabEnumConverter<HessianLab.Problems.ProblemPreset>))]
        public HessianLab.Problems.ProblemPreset? Preset { get; init; }

        /// <summary>The result folder: --out, or results/ID.</summary>
        public string OutDir => Out ?? Path.Combine("results", Id.ToUpperInvariant());

        public override ValidationResult Validate()
        {
            if (!ExperimentRegistry.All.Any(e => string.Equals(e.Id, Id, StringComparison.OrdinalIgnoreCase)))
                return ValidationResult.Error($"unknown experiment '{Id}'; known: {string.Join(", ", ExperimentRegistry.All.Select(e => e.Id))}");
            var common = base.Validate();
            if (!common.Successful) return common;
            if (Checkpoint is not null && !Id.Equals("E8", StringComparison.OrdinalIgnoreCase) && !Id.Equals("E9", StringComparison.OrdinalIgnoreCase))
                return ValidationResult.Error($"--checkpoint applies to E8 and E9 only, not {Id}");
            if (Preset is not null && ExperimentRegistry.Get(Id) is not HessianLab.Experiments.Hessians.IPresetExperiment)
                return ValidationResult.Error($"--preset applies to {string.Join(", ", ExperimentRegistry.All.OfType<HessianLab.Experiments.Hessians.IPresetExperiment>().Select(e => e.Id))} only, not {Id}");
            return Validation.OutputFolder("--out", OutDir) ?? ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var experiment = ExperimentRegistry.Get(s.Id);
        string dir = s.OutDir;
        console.MarkupLineInterpolated($"[bold]{experiment.Id}[/] {experiment.Title} ({(s.Quick ? "quick" : "full")} size) → {dir}");
        var clock = Stopwatch.StartNew();
        var result = ExperimentRun.One(experiment, dir, s.Context(console, clock) with { Preset = s.Preset }, CliOutput.Record(context, s.Seed));
        console.PrintTable(result.Table);
        console.MarkupLineInterpolated($"[green]{result.Headline}[/]");
        console.MarkupLineInterpolated($"[grey]{result.Files.Count} files in {dir}, {result.Seconds:F1} s[/]");
        return 0;
    }
}
