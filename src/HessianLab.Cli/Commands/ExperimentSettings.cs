using System.ComponentModel;
using HessianLab.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>Options shared by `experiment` and `reproduce`.</summary>
public class ExperimentSettings : CommandSettings
{
    [CommandOption("--quick")]
    [Description("Small sizes that finish in seconds.")]
    public bool Quick { get; init; }

    [CommandOption("--seeds <K>")]
    [Description("Number of seeds where an experiment averages over seeds (default 5).")]
    [DefaultValue(5)]
    public int Seeds { get; init; } = 5;

    [CommandOption("--seed <S>")]
    [Description("Base seed (default 0).")]
    public long Seed { get; init; }

    [CommandOption("--corpus <PATH>")]
    [Description("Text file or folder (its .txt/.md files) for the language-model experiments E8, E9, E11 (default: HESSIANLAB_CORPUS, else the built-in fallback).")]
    public string? Corpus { get; init; }

    /// <summary>Runs one experiment into <paramref name="dir"/> (created), each progress line stamped with the
    /// seconds of <paramref name="clock"/>.</summary>
    public ExperimentResult Run(IExperiment experiment, string dir, System.Diagnostics.Stopwatch clock)
    {
        CliOutput.EnsureWritableFolder(dir);
        return experiment.Run(new ExperimentContext(dir, Quick, Seeds, Seed,
            m => AnsiConsole.MarkupLineInterpolated($"  [grey]{clock.Elapsed.TotalSeconds,7:F1}s[/] {m}"), Corpus));
    }

    public override ValidationResult Validate() =>
        Seeds <= 0 ? ValidationResult.Error($"--seeds must be ≥ 1, got {Seeds}")
        : Corpus is not null && !File.Exists(Corpus) && !Directory.Exists(Corpus) ? ValidationResult.Error($"--corpus '{Corpus}' is neither a file nor a folder")
        : ValidationResult.Success();
}
