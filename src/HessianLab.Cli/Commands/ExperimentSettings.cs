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

    [CommandOption("--corpus <PATH>")]
    [Description("Text file or folder (its .txt/.md files) for the language-model experiments E8, E9, E11 (default: HESSIANLAB_CORPUS, else the built-in fallback).")]
    public string? Corpus { get; init; }

    [CommandOption("--checkpoint <DIR>")]
    [Description("E8/E9: analyse this GPT-2 folder (config.json + model.safetensors) instead of training the small GPT.")]
    public string? Checkpoint { get; init; }

    [CommandOption("--neurons <K>")]
    [Description("E8 --checkpoint: sampled neurons per matrix role (q, k, v, o, fc) and block (default 2).")]
    [DefaultValue(2)]
    public int Neurons { get; init; } = 2;

    [CommandOption("--entries <E>")]
    [Description("E8 --checkpoint: weights kept per neuron; Hessian rows = blocks × 5 × neurons × entries (default 16).")]
    [DefaultValue(16)]
    public int Entries { get; init; } = 16;

    [CommandOption("--tokens <T>")]
    [Description("E8/E9 --checkpoint: tokens of the held-out window (default 128).")]
    [DefaultValue(128)]
    public int Tokens { get; init; } = 128;

    [CommandOption("--blocks <LIST>")]
    [Description("E8 --checkpoint: comma-separated block indices (default the first and the last).")]
    public string? Blocks { get; init; }

    /// <summary>The E8 checkpoint options, or null without --checkpoint.</summary>
    public Experiments.Transformers.CheckpointSubBlockOptions? CheckpointOptions() => Checkpoint is null ? null
        : new(Checkpoint, Neurons, Entries, Tokens, Blocks?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(x => int.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray());

    /// <summary>The experiment settings with progress lines stamped with the seconds of <paramref name="clock"/>.</summary>
    public ExperimentContext Context(IAnsiConsole console, System.Diagnostics.Stopwatch clock) =>
        new("", Quick, Seeds, Seed, m => console.MarkupLineInterpolated($"  [grey]{clock.Elapsed.TotalSeconds,7:F1}s[/] {m}"), Corpus, CheckpointOptions());

    public override ValidationResult Validate() =>
        Validation.InRange("--seeds", Seeds, 1, MaxSeeds)
        ?? (Corpus is not null && !File.Exists(Corpus) && !Directory.Exists(Corpus) ? ValidationResult.Error($"--corpus '{Corpus}' is neither a file nor a folder")
        : Checkpoint is not null && !Directory.Exists(Checkpoint) ? ValidationResult.Error($"--checkpoint folder '{Checkpoint}' does not exist")
        : Neurons < 1 ? ValidationResult.Error($"--neurons must be ≥ 1, got {Neurons}")
        : Entries < 1 ? ValidationResult.Error($"--entries must be ≥ 1, got {Entries}")
        : Tokens < 1 ? ValidationResult.Error($"--tokens must be ≥ 1, got {Tokens}")
        : Blocks is not null && Blocks.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(x => !int.TryParse(x, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            ? ValidationResult.Error($"--blocks must be comma-separated block indices, got '{Blocks}'")
        : ValidationResult.Success());
}
