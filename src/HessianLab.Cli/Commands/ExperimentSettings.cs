using System.ComponentModel;
using HessianLab.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>Options shared by `experiment` and `reproduce`.</summary>
public class ExperimentSettings : CommandSettings
{
    /// <summary>The most seeds an experiment may be asked for.</summary>
    public const int MaxSeeds = 100;

    [CommandOption("--quick")]
    [Description("Small sizes that finish in seconds.")]
    public bool Quick { get; init; }

    [CommandOption("--seeds <K>")]
    [Description("Number of seeds where an experiment averages over seeds (default 5, at most 100).")]
    [DefaultValue(5)]
    public int Seeds { get; init; } = 5;

    [CommandOption("--seed <S>")]
    [Description("Base seed (default 0).")]
    public long Seed { get; init; }

    /// <summary>The experiment settings with progress lines stamped with the seconds of <paramref name="clock"/>.</summary>
    public ExperimentContext Context(IAnsiConsole console, System.Diagnostics.Stopwatch clock) =>
        new("", Quick, Seeds, Seed, m => console.MarkupLineInterpolated($"  [grey]{clock.Elapsed.TotalSeconds,7:F1}s[/] {m}"));

    public override ValidationResult Validate() =>
        Validation.InRange("--seeds", Seeds, 1, MaxSeeds) ?? ValidationResult.Success();
}
