using System.ComponentModel;
using HessianLab.Cli.Parsing;
using HessianLab.Core;
using HessianLab.Curvature;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Runs;
using HessianLab.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab hessian`: the Hessian of an MLP over a synthetic data set, with pictures and metrics.</summary>
public sealed class HessianCommand(IAnsiConsole console) : Command<HessianCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--layers <WIDTHS>")]
        [Description("Widths d,hidden…,C (default 100,8,100: the talk's net at reduced size; the talk's is 500,8,500).")]
        public WidthList Layers { get; init; } = new([100, 8, 100]);

        [CommandOption("--activation <NAME>")]
        [Description("relu (default), gelu, tanh, identity.")]
        [TypeConverter(typeof(KebabEnumConverter<Activation>))]
        public Activation Activation { get; init; } = Activation.Relu;

        [CommandOption("--bias")]
        [Description("Give every layer a bias (default: none, as in the talk).")]
        public bool Bias { get; init; }

        [CommandOption("--loss <NAME>")]
        [Description("ce (default) or mse.")]
        [TypeConverter(typeof(KebabEnumConverter<LossKind>))]
        public LossKind Loss { get; init; } = LossKind.Ce;

        [CommandOption("--samples <N>")]
        [Description("Number of samples N (default 1000).")]
        public int Samples { get; init; } = 1000;

        [CommandOption("--data <KIND>")]
        [Description("gaussian (default) or clusters.")]
        [TypeConverter(typeof(KebabEnumConverter<DataKind>))]
        public DataKind Data { get; init; } = DataKind.Gaussian;

        [CommandOption("--init <NAME>")]
        [Description("lecun (default, N(0,1/fan_in)) or torch (U(±1/√fan_in)).")]
        [TypeConverter(typeof(KebabEnumConverter<InitScheme>))]
        public InitScheme Init { get; init; } = InitScheme.Lecun;

        [CommandOption("--seed <S>")]
        [Description("Seed (default 0).")]
        public long Seed { get; init; }

        [CommandOption("--train-steps <T>")]
        [Description("Full-batch Adam steps before the Hessian (default 0: at initialization).")]
        public int TrainSteps { get; init; }

        [CommandOption("--lr <LR>")]
        [Description("Adam learning rate, cosine to 0 (default 1e-4).")]
        public double Lr { get; init; } = 1e-4;

        [CommandOption("--method <NAME>")]
        [Description("auto (default: exact for MLPs), autograd (the paper's row-by-row method), exact.")]
        [TypeConverter(typeof(KebabEnumConverter<HessianMethod>))]
        public HessianMethod Method { get; init; } = HessianMethod.Auto;

        [CommandOption("--device <NAME>")]
        [Description("cpu (default) or cuda[:N] (needs a CUDA build of TorchSharp).")]
        public string Device { get; init; } = "cpu";

        [CommandOption("--float32")]
        [Description("Compute in float32 (default float64).")]
        public bool Float32 { get; init; }

        [CommandOption("--memory-budget <SIZE>")]
        [Description("Working memory beyond the Hessian for the exact engine: 2GB (default), 512MB, … (a plain number is GB).")]
        public ByteSize MemoryBudget { get; init; } = new(2L << 30);

        [CommandOption("--parts")]
        [Description("Also compute the GGN part and split cross-layer shares into GGN and residual (exact engine, one more pass).")]
        public bool Parts { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Result folder (default results/hessian); replaced as a whole when the run completes.")]
        public string Out { get; init; } = "results/hessian";

        /// <summary>The library's options for these settings.</summary>
        public HessianRunOptions ToOptions() => new(new MlpSpec(Layers.Values, Activation, Bias, Init), Loss, Samples, Data, Seed,
            new TrainingOptions(TrainSteps, Lr), Method, Out, Device, Float32, MemoryBudget.Bytes, Parts);

        public override ValidationResult Validate() =>
            Samples <= 0 ? ValidationResult.Error($"--samples must be a positive integer, got {Samples}")
            : TrainSteps < 0 ? ValidationResult.Error($"--train-steps must be ≥ 0, got {TrainSteps}")
            : !(Lr > 0 && double.IsFinite(Lr)) ? ValidationResult.Error($"--lr must be a positive finite number, got {Lr}")
            : Parts && Method == HessianMethod.Autograd ? ValidationResult.Error("--parts (GGN/residual split) needs the exact engine: use --method auto or exact")
            : Validation.Device("--device", Device) ?? Validation.OutputFolder("--out", Out) ?? ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var options = s.ToOptions();
        var result = console.WithPhases(report => HessianRun.Execute(options, report, CliOutput.Record(context, s.Seed)));

        var table = new Table().AddColumns("quantity", "value");
        Row(table, "P (parameters)", result.Parameters.ToString("N0"));
        Row(table, "loss", result.Loss.ToString("G6"));
        Row(table, "method", result.Method);
        foreach (var (phase, sec) in result.Seconds) Row(table, $"time: {phase}", $"{sec:F2} s");
        foreach (var n in result.LayerNorms) Row(table, $"‖H[{n.Row},{n.Column}]‖_F", n.Frobenius.ToString("G4"));
        console.Write(table);
        console.PrintTable(result.Structure.SummaryTable());
        console.PrintTable(result.Structure.LayerTable());
        if (result.Structure.LayerPairs.Count > 0) console.PrintTable(result.Structure.PairTable());
        console.MarkupLineInterpolated($"[green]wrote {result.Files.Count} files to {s.Out}[/]");
        return 0;
    }

    private static void Row(Table table, string a, string b) => table.AddRow(Markup.Escape(a), Markup.Escape(b));
}
