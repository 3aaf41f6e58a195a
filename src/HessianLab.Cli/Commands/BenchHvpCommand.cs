using System.ComponentModel;
using System.Globalization;
using HessianLab.Benchmarks;
using HessianLab.Cli.Parsing;
using HessianLab.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab bench hvp`: Hessian-vector products against gradients on the same model and batch.</summary>
public sealed class BenchHvpCommand(IAnsiConsole console) : Command<BenchHvpCommand.Settings>
{
    public sealed class Settings : BenchSettings
    {
        [CommandOption("--model <MODEL>")]
        [Description("mlp (default: an MLP on Gaussian data), gpt (a 2-block GPT on random byte tokens) or gpt2 (GPT-2 of the 124M shape with random weights, or --checkpoint, on random tokens).")]
        [TypeConverter(typeof(KebabEnumConverter<ModelKind>))]
        public ModelKind Model { get; init; } = ModelKind.Mlp;

        [CommandOption("--samples <N>")]
        [Description("MLP: number of samples (default 5000); GPT: sequences of 64 tokens (default 16); GPT-2: sequences of --tokens (default 1).")]
        public int? Samples { get; init; }

        [CommandOption("--checkpoint <DIR>")]
        [Description("gpt2: a Hugging Face style GPT-2 folder (config.json + model.safetensors) instead of random weights.")]
        public string? Checkpoint { get; init; }

        [CommandOption("--tokens <T>")]
        [Description("gpt2: tokens per sequence (default 128).")]
        [DefaultValue(128)]
        public int Tokens { get; init; } = 128;

        [CommandOption("--vocab <V>")]
        [Description("gpt: vocabulary, i.e. the output head's width (default 256 bytes; 50257 for GPT-2's head).")]
        [DefaultValue(256)]
        public int Vocab { get; init; } = 256;

        [CommandOption("--repeats <K>")]
        [Description("Timed gradients and products, median reported (default 10).")]
        [DefaultValue(10)]
        public int Repeats { get; init; } = 10;

        public override ValidationResult Validate() =>
            Samples is <= 0 ? ValidationResult.Error($"--samples must be a positive integer, got {Samples}")
            : Repeats <= 0 ? ValidationResult.Error($"--repeats must be ≥ 1, got {Repeats}")
            : Tokens <= 0 ? ValidationResult.Error($"--tokens must be positive, got {Tokens}")
            : Vocab < 2 ? ValidationResult.Error($"--vocab must be ≥ 2, got {Vocab}")
            : Vocab != 256 && Model != ModelKind.Gpt ? ValidationResult.Error("--vocab needs --model gpt")
            : Checkpoint is not null && Model != ModelKind.Gpt2 ? ValidationResult.Error("--checkpoint needs --model gpt2")
            : Checkpoint is not null && !Directory.Exists(Checkpoint) ? ValidationResult.Error($"--checkpoint folder '{Checkpoint}' does not exist")
            : ValidatePositions() ?? ValidateOut();

        /// <summary>gpt2: --tokens within the model's n_positions (the checkpoint's config, else the 124M shape's).</summary>
        private ValidationResult? ValidatePositions()
        {
            if (Model != ModelKind.Gpt2) return null;
            try
            {
                var c = Checkpoint is null ? HessianLab.Models.Gpt2.Gpt2Config.Small124M : HessianLab.Models.Gpt2.Gpt2Checkpoint.ReadConfig(Checkpoint);
                return Tokens > c.Positions ? ValidationResult.Error($"--tokens {Tokens} exceeds the model's n_positions {c.Positions}") : null;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                return ValidationResult.Error($"--checkpoint: {e.Message}");
            }
        }
    }

    /// <summary>The models `bench hvp` measures.</summary>
    public enum ModelKind
    {
        /// <summary>An MLP on Gaussian data.</summary>
        Mlp,
        /// <summary>A small GPT on random byte tokens.</summary>
        Gpt,
        /// <summary>GPT-2 (the 124M shape with random weights, or a checkpoint) on random tokens.</summary>
        Gpt2,
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        string model = s.Model.ToString().ToLowerInvariant();
        int samples = s.Samples ?? (model == "gpt" ? 16 : model == "gpt2" ? 1 : 5000);
        var options = new HvpBenchmarkOptions(model, model == "mlp" ? s.Layers.Values : Array.Empty<int>(), samples,
            s.Activation, s.Loss, s.Repeats, s.Seed, s.Checkpoint, s.Tokens, s.Vocab).Validated();
        var r = HvpBenchmark.Run(options, m => console.MarkupLineInterpolated($"  [grey]{m}[/]"));
        console.PrintTable(Table(r));
        console.WriteJson(s.Out, r);
        return 0;
    }

    /// <summary>The result as a table; with a second method (the GPTs' closed-form head), one column per method.</summary>
    private static List<IReadOnlyList<string>> Table(HvpBenchmarkResult r)
    {
        static string F(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);
        var c = r.ClosedFormHead;
        string[] Row(string quantity, string plain, string? closed = null) =>
            c is null ? new[] { quantity, plain } : new[] { quantity, plain, closed ?? "" };
        double gradientCpu = r.GradientCpuSeconds ?? double.NaN;
        return new List<IReadOnlyList<string>>
        {
            Row("quantity", c is null ? "value" : "plain double backward", c?.Method),
            Row("model", $"{r.Model}, P = {r.Parameters}"),
            Row("machine", $"{r.Threads} threads, load average {F(r.LoadAverage, "F1")} at start"),
            Row("gradient (forward + backward)", $"{F(r.GradientSeconds * 1000, "F2")} ms, {F(gradientCpu, "F3")} CPU s"),
            Row("gradient graph (create_graph)", $"{F(r.GraphSeconds * 1000, "F2")} ms, {F(r.GraphCpuSeconds ?? double.NaN, "F3")} CPU s",
                c is null ? null : $"{F(c.GraphSeconds * 1000, "F2")} ms, {F(c.GraphCpuSeconds, "F3")} CPU s"),
            Row("HVP on the retained graph (= one Hessian row)", $"{F(r.HvpSeconds * 1000, "F2")} ms, {F(r.HvpCpuSeconds ?? double.NaN, "F3")} CPU s",
                c is null ? null : $"{F(c.HvpSeconds * 1000, "F2")} ms, {F(c.HvpCpuSeconds, "F3")} CPU s"),
            Row("gradients per HVP, wall (target ≤ 3)", F(r.HvpOverGradient, "F2"), c is null ? null : F(c.HvpOverGradient, "F2")),
            Row("gradients per HVP, CPU time", F((r.HvpCpuSeconds ?? double.NaN) / gradientCpu, "F2"), c is null ? null : F(c.HvpOverGradientCpu, "F2")),
            Row("HVP from scratch (graph + product), gradients", F(r.FirstHvpOverGradient, "F2"), c is null ? null : F(c.FirstHvpOverGradient, "F2")),
            Row("HVP vs central differences", $"{F(r.FiniteDifferenceError, "E2")} relative", c is null ? null : $"{F(c.FiniteDifferenceError, "E2")} relative"),
            Row("HVP vs the plain double backward", "—", c?.RelativeToPlain is { } d ? $"{F(d, "E2")} relative" : null),
            Row("HVP vs exact engine H·v", r.ExactEngineError is { } e ? $"{F(e, "E2")} relative" : "— (MLPs up to 12,000 parameters)"),
            Row("peak resident memory", r.PeakResidentBytes is { } m ? HessianLab.Core.MemoryGuard.Format(m) : "—"),
        };
    }
}
