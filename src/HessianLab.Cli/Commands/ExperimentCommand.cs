using System.ComponentModel;
using System.Diagnostics;
using HessianLab.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab experiment ID [--quick] [--out DIR] [--seeds K] [--seed S]`: runs one experiment.</summary>
public sealed class ExperimentCommand : Command<ExperimentCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<ID>")]
        [Description("Experiment id (see `hessianlab experiments`), or `all`.")]
        public string Id { get; init; } = "";

        [CommandOption("--quick")]
        [Description("Small sizes that finish in seconds.")]
        public bool Quick { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Output folder (default results/<ID>).")]
        public string? Out { get; init; }

        [CommandOption("--seeds <K>")]
        [Description("Number of seeds where an experiment averages over seeds (default 5).")]
        [DefaultValue(5)]
        public int Seeds { get; init; } = 5;

        [CommandOption("--seed <S>")]
        [Description("Base seed (default 0).")]
        [DefaultValue(0L)]
        public long Seed { get; init; }

        public override ValidationResult Validate() =>
            Seeds <= 0 ? ValidationResult.Error($"--seeds must be ≥ 1, got {Seeds}") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var list = s.Id.Equals("all", StringComparison.OrdinalIgnoreCase) ? ExperimentRegistry.All : new[] { ExperimentRegistry.Get(s.Id) };
        foreach (var experiment in list)
        {
            string dir = s.Out is null || list.Count > 1 ? Path.Combine(s.Out ?? "results", experiment.Id) : s.Out;
            CliOutput.EnsureWritableFolder(dir);
            AnsiConsole.MarkupLineInterpolated($"[bold]{experiment.Id}[/] {experiment.Title} ({(s.Quick ? "quick" : "full")} size) → {dir}");
            var sw = Stopwatch.StartNew();
            var ctx = new ExperimentContext(dir, s.Quick, s.Seeds, s.Seed, m => AnsiConsole.MarkupLineInterpolated($"  [grey]{sw.Elapsed.TotalSeconds,7:F1}s[/] {m}"));
            var result = experiment.Run(ctx);
            CliOutput.PrintTable(result.Table);
            AnsiConsole.MarkupLineInterpolated($"[green]{result.Headline}[/]");
            AnsiConsole.MarkupLineInterpolated($"[grey]{result.Files.Count} files in {dir}, {result.Seconds:F1} s[/]");
        }
        return 0;
    }
}
