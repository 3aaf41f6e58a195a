using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;

namespace HessianLab.Optim;

/// <summary>A full-batch MLP training run with one of the four optimizers (`hessianlab train`).</summary>
/// <param name="Optimizer">Optimizer settings (kind, lr, wd, variants, routing).</param>
/// <param name="Widths">MLP widths d, hidden…, C (default the talk's 500,8,500).</param>
/// <param name="Activation">σ.</param>
/// <param name="Loss">Loss.</param>
/// <param name="Data">Data kind.</param>
/// <param name="Samples">N.</param>
/// <param name="Steps">Optimizer steps.</param>
/// <param name="Cosine">Cosine schedule to 0 (the talk's); false: constant.</param>
/// <param name="Seed">Seed of init (seed) and data (seed + 1).</param>
/// <param name="OutDir">Output folder.</param>
public sealed record TrainRunOptions(OptimizerSettings Optimizer, int[] Widths, Activation Activation = Activation.Relu,
    LossKind Loss = LossKind.Ce, DataKind Data = DataKind.Gaussian, int Samples = 5000, int Steps = 1000, bool Cosine = true,
    long Seed = 0, string OutDir = "results/train")
{
    /// <summary>Parses an enum value case-insensitively (dashes ignored).</summary>
    /// <exception cref="ArgumentException">Unknown value, naming the option and the valid values.</exception>
    public static T ParseEnum<T>(string option, string text) where T : struct, Enum
    {
        string key = text.Replace("-", "", StringComparison.Ordinal).Trim();
        foreach (var v in Enum.GetValues<T>())
            if (string.Equals(v.ToString(), key, StringComparison.OrdinalIgnoreCase)) return v;
        throw new ArgumentException($"{option} '{text}' is unknown; use one of {string.Join(", ", Enum.GetNames<T>().Select(Kebab))}");
    }

    /// <summary>"ShapeRatio" → "shape-ratio", "MatchAdamWRms" → "match-adamw-rms" (how the CLI spells enum values).</summary>
    public static string Kebab(string name) =>
        System.Text.RegularExpressions.Regex.Replace(name, "(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-")
            .ToLowerInvariant().Replace("adam-w", "adamw", StringComparison.Ordinal);

    /// <summary>Checks the sizes.</summary>
    public TrainRunOptions Validated()
    {
        new MlpSpec(Widths).Validated();
        if (Samples <= 0) throw new ArgumentException($"--samples must be positive, got {Samples}");
        if (Steps < 1) throw new ArgumentException($"--steps must be ≥ 1, got {Steps}");
        if (Optimizer.LearningRate is { } lr && !(lr > 0 && double.IsFinite(lr))) throw new ArgumentException($"--lr must be a positive number, got {lr}");
        if (Optimizer.WeightDecay is { } wd && !(wd >= 0 && double.IsFinite(wd))) throw new ArgumentException($"--wd must be ≥ 0, got {wd}");
        return this;
    }
}
