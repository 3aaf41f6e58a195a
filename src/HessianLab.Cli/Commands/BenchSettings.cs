using System.ComponentModel;
using HessianLab.Cli.Parsing;
using HessianLab.Losses;
using HessianLab.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>Options every `bench` command shares: the MLP measured, the seed, and where the JSON goes.</summary>
public abstract class BenchSettings : CommandSettings
{
    [CommandOption("--layers <WIDTHS>")]
    [Description("MLP widths d0,d1,…,C (default the talk's 500,8,500).")]
    public WidthList Layers { get; init; } = new([500, 8, 500]);

    [CommandOption("--activation <NAME>")]
    [Description("relu (default), gelu, tanh or identity.")]
    [TypeConverter(typeof(KebabEnumConverter<Activation>))]
    public Activation Activation { get; init; } = Activation.Relu;

    [CommandOption("--loss <NAME>")]
    [Description("ce (default) or mse.")]
    [TypeConverter(typeof(KebabEnumConverter<LossKind>))]
    public LossKind Loss { get; init; } = LossKind.Ce;

    [CommandOption("--seed <S>")]
    [Description("Seed of weights and data (default 0).")]
    public long Seed { get; init; }

    [CommandOption("--out <FILE>")]
    [Description("Write the numbers as JSON to this file (written atomically).")]
    public string? Out { get; init; }

    /// <summary>The output file can be written (checked before the benchmark runs).</summary>
    protected ValidationResult ValidateOut()
    {
        try
        {
            CliOutput.EnsureWritableFile(Out);
            return ValidationResult.Success();
        }
        catch (IOException e) { return ValidationResult.Error($"--out: {e.Message}"); }
    }
}
