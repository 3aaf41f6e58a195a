using System.ComponentModel;
using System.Globalization;
using HessianLab.Benchmarks;
using HessianLab.Cli.Parsing;
using HessianLab.Curvature.Exact;
using HessianLab.Models;
using Spectre.Console;
using Spectre.Console.Cli;
using static TorchSharp.torch;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab bench hessian`: exact engine vs autograd rows vs the GEMM rate, in one process.</summary>
public sealed partial class BenchHessianCommand(IAnsiConsole console) : Command<BenchHessianCommand.Settings>
{
    public sealed class Settings : BenchSettings
    {
        [CommandOption("--samples <N>")]
        [Description("Number of samples N (default 5000).")]
        public int Samples { get; init; } = 5000;

        [CommandOption("--bias")]
        [Description("Layers with biases.")]
        public bool Bias { get; init; }

        [CommandOption("--repeats <K>")]
        [Description("Runs of the exact engine, best reported (default 3).")]
        [DefaultValue(3)]
        public int Repeats { get; init; } = 3;

        [CommandOption("--autograd-rows <R>")]
        [Description("Rows timed with the autograd row method, extrapolated to all P (default 8).")]
        [DefaultValue(8)]
        public int AutogradRows { get; init; } = 8;

        [CommandOption("--dtype <TYPE>")]
        [Description("float64 (default) or float32.")]
        [TypeConverter(typeof(KebabEnumConverter<Precision>))]
        public Precision DType { get; init; } = Precision.Float64;

        [CommandOption("--whole-process")]
        [Description("Time the `hessian` command as new processes (float64 and float32, --repeats each, after one warm-up run): whole-process wall time, its phase table, peak memory and float32's error, next to the targets.")]
        public bool WholeProcess { get; init; }

        [CommandOption("--memory-budget <SIZE>")]
        [Description("Engine working memory beyond the Hessian: 2GB (default), 512MB, … (a plain number is GB).")]
        public ByteSize MemoryBudget { get; init; } = new(2L << 30);

        public override ValidationResult Validate() =>
            Samples <= 0 ? ValidationResult.Error($"--samples must be a positive integer, got {Samples}")
            : Repeats <= 0 ? ValidationResult.Error($"--repeats must be ≥ 1, got {Repeats}")
            : AutogradRows <= 0 ? ValidationResult.Error($"--autograd-rows must be ≥ 1, got {AutogradRows}")
            : WholeProcess && Repeats > 20 ? ValidationResult.Error($"--repeats must be ≤ 20 with --whole-process, got {Repeats}")
            : WholeProcess && Bias ? ValidationResult.Error("--bias is not available with --whole-process (the hessian command's default network has none)")
            : ValidateOut();
    }

    /// <summary>Floating-point precision of the benchmark.</summary>
    public enum Precision
    {
        /// <summary>Double precision (the default).</summary>
        Float64,
        /// <summary>Single precision.</summary>
        Float32,
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        if (s.WholeProcess) return WholeProcess(s);
        var dtype = s.DType == Precision.Float32 ? ScalarType.Float32 : ScalarType.Float64;
        var options = new HessianBenchmarkOptions(s.Layers.Values, s.Samples, s.Activation, s.Loss, s.Bias, s.Repeats,
            s.AutogradRows, dtype, s.MemoryBudget.Bytes, s.Seed).Validated();
        var r = HessianBenchmark.Run(options, m => console.MarkupLineInterpolated($"  [grey]{m}[/]"));
        string F(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);
        console.PrintTable(new List<IReadOnlyList<string>>
        {
            new[] { "quantity", "value" },
            new[] { "network", $"{string.Join(",", r.Widths)} {r.Activation} {r.Loss}, N = {r.Samples}, P = {r.Parameters}" },
            new[] { "machine", $"{r.Threads} threads, load average {F(r.LoadAverage, "F1")} at start" },
            new[] { "exact engine (best of runs)", $"{F(r.ExactSeconds, "F2")} s  (runs: {string.Join(", ", r.ExactRunSeconds.Select(x => F(x, "F2")))})" },
            new[] { "engine flops / nominal N·P²", $"{F(r.ExactFlops / 1e9, "F1")} GFLOP / {F(r.NominalFlops / 1e9, "F1")} GFLOP" },
            new[] { "achieved rate", $"{F(r.AchievedGflops, "F1")} GFLOP/s" },
            new[] { $"{r.DType} GEMM {r.GemmSize}³ rate", $"{F(r.GemmGflops, "F1")} GFLOP/s" },
            new[] { "fraction of GEMM rate", F(r.FractionOfGemmRate, "P0") },
            new[] { "nominal floor (N·P² at GEMM rate)", $"{F(r.NominalFloorSeconds, "F2")} s: engine at {F(r.ExactSeconds / r.NominalFloorSeconds, "F2")}× of it" },
            new[] { "autograd row method", $"{F(r.AutogradSecondsPerRow * 1000, "F1")} ms/row × {r.Parameters} = {F(r.AutogradExtrapolatedSeconds, "F0")} s ({r.AutogradRowsTimed} rows timed)" },
            new[] { "speed-up over autograd", $"{F(r.SpeedupOverAutograd, "F0")}×" },
            new[] { "max |Δ| autograd vs exact rows", $"{F(r.MaxRowDifference, "E2")} × max |H|" },
            new[] { "Hessian / engine working memory", $"{HessianLab.Core.MemoryGuard.Format(r.HessianBytes)} / {HessianLab.Core.MemoryGuard.Format(r.EngineWorkingBytes)} (chunks of {r.ChunkSize})" },
            new[] { "process peak RSS", HessianLab.Core.MemoryGuard.Format(r.PeakRssBytes) },
        });
        console.WriteJson(s.Out, r);
        return 0;
    }
}
