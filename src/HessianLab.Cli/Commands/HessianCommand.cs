using System.ComponentModel;
using HessianLab.Curvature.Exact;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Runs;
using HessianLab.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab hessian`: the Hessian of an MLP over a synthetic data set, with pictures and metrics.</summary>
public sealed class HessianCommand : Command<HessianCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--layers <WIDTHS>")]
        [Description("Widths d,hidden…,C (default 100,8,100: the talk's net at reduced size; the talk's is 500,8,500).")]
        public string Layers { get; init; } = "100,8,100";

        [CommandOption("--activation <NAME>")]
        [Description("relu (default), gelu, tanh, identity.")]
        public string Activation { get; init; } = "relu";

        [CommandOption("--bias")]
        [Description("Give every layer a bias (default: none, as in the talk).")]
        public bool Bias { get; init; }

        [CommandOption("--loss <NAME>")]
        [Description("ce (default) or mse.")]
        public string Loss { get; init; } = "ce";

        [CommandOption("--samples <N>")]
        [Description("Number of samples N (default 1000).")]
        public int Samples { get; init; } = 1000;

        [CommandOption("--data <KIND>")]
        [Description("gaussian (default) or clusters.")]
        public string Data { get; init; } = "gaussian";

        [CommandOption("--init <NAME>")]
        [Description("lecun (default, N(0,1/fan_in)) or torch (U(±1/√fan_in)).")]
        public string Init { get; init; } = "lecun";

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
        public string Method { get; init; } = "auto";

        [CommandOption("--device <NAME>")]
        [Description("cpu (default) or cuda.")]
        public string Device { get; init; } = "cpu";

        [CommandOption("--float32")]
        [Description("Compute in float32 (default float64).")]
        public bool Float32 { get; init; }

        [CommandOption("--memory-budget <SIZE>")]
        [Description("Working memory beyond the Hessian for the exact engine: 2GB (default), 512MB, … (a plain number is GB).")]
        public string MemoryBudget { get; init; } = "2GB";

        [CommandOption("--parts")]
        [Description("Also compute the GGN part and split cross-layer shares into GGN and residual (exact engine, one more pass).")]
        public bool Parts { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Output folder (default results/hessian).")]
        public string Out { get; init; } = "results/hessian";
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        long budget = ExactHessianOptions.ParseBytes(s.MemoryBudget);
        var options = new HessianRunOptions(
            new MlpSpec(MlpSpec.ParseWidths(s.Layers), Names.Parse<Activation>(s.Activation, "--activation"), s.Bias,
                Names.Parse<InitScheme>(s.Init, "--init")),
            Names.Parse<LossKind>(s.Loss, "--loss"), s.Samples, Names.Parse<DataKind>(s.Data, "--data"), s.Seed,
            new TrainingOptions(s.TrainSteps, s.Lr), s.Method, s.Out, s.Device, s.Float32, budget, s.Parts);
        options.Model.Validated();
        CliOutput.EnsureWritableFolder(s.Out);

        var result = CliOutput.WithPhases(report => HessianRun.Execute(options, report));

        var table = new Table().AddColumns("quantity", "value");
        Row(table, "P (parameters)", result.Parameters.ToString("N0"));
        Row(table, "loss", result.Loss.ToString("G6"));
        Row(table, "method", result.Method);
        foreach (var (phase, sec) in result.Seconds) Row(table, $"time: {phase}", $"{sec:F2} s");
        foreach (var n in result.LayerNorms) Row(table, $"‖H[{n.Row},{n.Column}]‖_F", n.Frobenius.ToString("G4"));
        AnsiConsole.Write(table);
        CliOutput.PrintTable(result.Structure.SummaryTable());
        CliOutput.PrintTable(result.Structure.LayerTable());
        if (result.Structure.LayerPairs.Count > 0) CliOutput.PrintTable(result.Structure.PairTable());
        AnsiConsole.MarkupLineInterpolated($"[green]wrote {result.Files.Count} files to {s.Out}[/]");
        return 0;
    }

    private static void Row(Table table, string a, string b) => table.AddRow(Markup.Escape(a), Markup.Escape(b));
}
