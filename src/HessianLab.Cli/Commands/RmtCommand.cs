using System.ComponentModel;
using HessianLab.Experiments.Rmt;
using HessianLab.Runs;
using HessianLab.Spectra;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab rmt [--d 300] [--n 50] [--draws 1000] [--out DIR] [--seed S] [--bins B]`: the talk's
/// eigenvalue histogram of (1/n) X Xᵀ against Marchenko–Pastur. Spectre.Console.Cli refuses one-letter long names,
/// so the options are -d/--dim and -n/--samples; <see cref="NormalizeArguments"/> maps the talk-style --d and --n onto them.</summary>
public sealed class RmtCommand(IAnsiConsole console) : Command<RmtCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-d|--dim <D>")]
        [Description("Matrix size d (rows of X). Default 300 (talk).")]
        [DefaultValue(300)]
        public int D { get; init; } = 300;

        [CommandOption("-n|--samples <N>")]
        [Description("Samples n (columns of X). Default 50 (talk).")]
        [DefaultValue(50)]
        public int N { get; init; } = 50;

        [CommandOption("--draws <K>")]
        [Description("Number of independent draws of A. Default 1000 (talk).")]
        [DefaultValue(1000)]
        public int Draws { get; init; } = 1000;

        [CommandOption("--bins <B>")]
        [Description("Histogram bins (default 90; at most 10,000).")]
        [DefaultValue(90)]
        public int Bins { get; init; } = 90;

        [CommandOption("--out <DIR>")]
        [Description("Result folder (default results/rmt); replaced as a whole when the run completes.")]
        public string? Out { get; init; }

        [CommandOption("--seed <S>")]
        [Description("Seed (default 0).")]
        [DefaultValue(0L)]
        public long Seed { get; init; }

        public override ValidationResult Validate() =>
            D < 1 ? ValidationResult.Error($"--d must be a positive integer, got {D}")
            : N < 1 ? ValidationResult.Error($"--n must be a positive integer, got {N}")
            : Draws < 1 ? ValidationResult.Error($"--draws must be a positive integer, got {Draws}")
            : Validation.InRange("--bins", Bins, 5, RmtRun.MaxBins) ?? Validation.OutputFolder("--out", OutDir) ?? ValidationResult.Success();

        /// <summary>The result folder: --out, or results/rmt.</summary>
        public string OutDir => Out ?? Path.Combine("results", "rmt");
    }

    /// <summary>For `rmt` only: rewrites "--d"/"--n" (and "--d=…"/"--n=…") to "-d"/"-n"; other arguments are unchanged.</summary>
    public static string[] NormalizeArguments(string[] args) =>
        args.Length > 0 && args[0] == "rmt"
            ? args.Select(a => a == "--d" || a.StartsWith("--d=", StringComparison.Ordinal) || a == "--n" || a.StartsWith("--n=", StringComparison.Ordinal) ? a[1..] : a).ToArray()
            : args;

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        string dir = s.OutDir;
        var options = new RandomMatrixOptions(s.D, s.N, s.Draws, s.Seed);
        var (row, files) = console.WithProgress($"{s.Draws} draws of a {s.D}×{s.D} matrix", p => RmtRun.Run(options, dir, s.Bins, p, CliOutput.Record(context, s.Seed)));
        console.PrintTable(new[] { MomentRow.PrintedHeader, row.Printed });
        console.MarkupLineInterpolated($"[green]γ = {row.Gamma:G4}: mean {row.M1Empirical:F4} (MP 1), second moment {row.M2Empirical:F4} (MP limit 1 + γ = {row.M2TheoryLimit:F4}, exact at this size {row.M2TheoryFinite:F4}), Kolmogorov distance {row.Kolmogorov:F4}[/]");
        console.MarkupLineInterpolated($"[grey]{files.Count} files in {dir}[/]");
        return 0;
    }
}
