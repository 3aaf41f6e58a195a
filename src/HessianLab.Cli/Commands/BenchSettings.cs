using System.ComponentModel;
using HessianLab.Losses;
using HessianLab.Models;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>Options every `bench` command shares: the MLP measured, the seed, and where the JSON goes.</summary>
public abstract class BenchSettings : CommandSettings
{
    [CommandOption("--layers <WIDTHS>")]
    [Description("MLP widths d0,d1,…,C (default the talk's 500,8,500).")]
    public string Layers { get; init; } = "500,8,500";

    [CommandOption("--activation <NAME>")]
    [Description("relu (default), gelu, tanh or identity.")]
    [DefaultValue(Activation.Relu)]
    public Activation Activation { get; init; } = Activation.Relu;

    [CommandOption("--loss <NAME>")]
    [Description("ce (default) or mse.")]
    [DefaultValue(LossKind.Ce)]
    public LossKind Loss { get; init; } = LossKind.Ce;

    [CommandOption("--seed <S>")]
    [Description("Seed of weights and data (default 0).")]
    [DefaultValue(0L)]
    public long Seed { get; init; }

    [CommandOption("--out <FILE>")]
    [Description("Write the numbers as JSON to this file.")]
    public string? Out { get; init; }
}
