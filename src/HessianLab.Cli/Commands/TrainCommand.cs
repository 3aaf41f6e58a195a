using System.ComponentModel;
using HessianLab.Cli.Parsing;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Optim;
using HessianLab.Runs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab train --optimizer adamw|adam-mini|muon|normuon …`: full-batch training of the talk's MLPs
/// with one of the Part III optimizers (maps options onto <see cref="TrainRunOptions"/>).</summary>
public sealed class TrainCommand(IAnsiConsole console) : Command<TrainCommand.Settings>
{
    /// <summary>Learning-rate schedules of `train`.</summary>
    public enum Schedule
    {
        /// <summary>Cosine from the peak to 0 over the run (the talk's).</summary>
        Cosine,
        /// <summary>The peak rate throughout.</summary>
        Constant,
    }

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--optimizer <NAME>")]
        [Description("adamw, adam-mini, muon, normuon or shampoo (Muon/NorMuon: hidden weights; head and biases → AdamW lr 3e-4, betas (0.9,0.95), eps 1e-10).")]
        [TypeConverter(typeof(KebabEnumConverter<OptimizerKind>))]
        public OptimizerKind Optimizer { get; init; } = OptimizerKind.AdamW;

        [CommandOption("--layers <WIDTHS>")]
        [Description("Widths d,hidden…,C (default 500,8,500: the talk's 2-layer net).")]
        public WidthList Layers { get; init; } = new([500, 8, 500]);

        [CommandOption("--activation <ACT>")]
        [Description("relu (default), gelu, tanh, identity.")]
        [TypeConverter(typeof(KebabEnumConverter<Activation>))]
        public Activation Activation { get; init; } = Activation.Relu;

        [CommandOption("--loss <LOSS>")]
        [Description("ce (default) or mse.")]
        [TypeConverter(typeof(KebabEnumConverter<LossKind>))]
        public LossKind Loss { get; init; } = LossKind.Ce;

        [CommandOption("--data <KIND>")]
        [Description("gaussian (default: random labels) or clusters.")]
        [TypeConverter(typeof(KebabEnumConverter<DataKind>))]
        public DataKind Data { get; init; } = DataKind.Gaussian;

        [CommandOption("--samples <N>")]
        [Description("Number of samples N (default 5000).")]
        public int Samples { get; init; } = 5000;

        [CommandOption("--steps <T>")]
        [Description("Full-batch steps (default 1000).")]
        public int Steps { get; init; } = 1000;

        [CommandOption("--lr <LR>")]
        [Description("Learning rate (default: AdamW/Adam-mini 1e-3, Muon/NorMuon 0.02).")]
        public double? Lr { get; init; }

        [CommandOption("--wd <WD>")]
        [Description("Decoupled weight decay of the main optimizer (default: AdamW 0.01, others 0).")]
        public double? Wd { get; init; }

        [CommandOption("--schedule <S>")]
        [Description("cosine (default, to 0 over the run) or constant.")]
        [TypeConverter(typeof(KebabEnumConverter<Schedule>))]
        public Schedule LrSchedule { get; init; } = Schedule.Cosine;

        [CommandOption("--normuon-rule <RULE>")]
        [Description("NorMuon step rule: code (default: /sqrt(v) per row, restore ||O||_F, Muon scale), paper (0.2·lr·sqrt(mn)/||O||_F) or benchmark (modded-nanogpt: v along the longer side, rsqrt(max(v, eps))).")]
        [TypeConverter(typeof(KebabEnumConverter<NorMuonStepRule>))]
        public NorMuonStepRule NorMuonRule { get; init; } = NorMuonStepRule.Code;

        [CommandOption("--ns <KIND>")]
        [Description("Newton–Schulz: quintic5 (default) or polar12.")]
        [TypeConverter(typeof(KebabEnumConverter<NewtonSchulzKind>))]
        public NewtonSchulzKind NewtonSchulz { get; init; } = NewtonSchulzKind.Quintic5;

        [CommandOption("--muon-scale <S>")]
        [Description("Muon/NorMuon update scale: shape-ratio (default, sqrt(max(1,m/n))), match-adamw-rms (0.2·sqrt(max(m,n))), fan-ratio (sqrt(m/n)).")]
        [TypeConverter(typeof(KebabEnumConverter<MuonScale>))]
        public MuonScale MuonScale { get; init; } = MuonScale.ShapeRatio;

        [CommandOption("--aux-lr <LR>")]
        [Description("Learning rate of the auxiliary AdamW of Muon/NorMuon (default 3e-4).")]
        public double AuxLr { get; init; } = 3e-4;

        [CommandOption("--head-to-muon")]
        [Description("Send the MLP's output layer to Muon/NorMuon instead of the auxiliary AdamW.")]
        public bool HeadToMuon { get; init; }

        [CommandOption("--preset <NAME>")]
        [Description("theory (default: LeCun init, float64: the theorem's setting) or paper (the authors' code: torch U(±1/√fan_in) init, float32, Adam lr 1e-4, cosine T_max 50,000; then --optimizer adamw with --wd 0, --lr 1e-4 and the cosine schedule are implied and other values are errors).")]
        [TypeConverter(typeof(KebabEnumConverter<HessianLab.Problems.ProblemPreset>))]
        public HessianLab.Problems.ProblemPreset? Preset { get; init; }

        [CommandOption("--seed <S>")]
        [Description("Seed S: weights S, data S + 1000 (default 0).")]
        public long Seed { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Result folder (default results/train/<optimizer>); replaced as a whole when the run completes.")]
        public string? Out { get; init; }

        /// <summary>The result folder: --out, or results/train/&lt;optimizer&gt;.</summary>
        public string OutDir => Out ?? Path.Combine("results", "train", OptionValues.Kebab(Optimizer.ToString()));

        /// <summary>The library's options for these settings.</summary>
        public TrainRunOptions ToOptions()
        {
            bool paper = Preset == HessianLab.Problems.ProblemPreset.Paper;
            return new(
                new OptimizerSettings(Optimizer, paper ? HessianLab.Problems.MlpPresets.PaperLearningRate : Lr, paper ? 0 : Wd, NorMuonRule, NewtonSchulz, MuonScale,
                    OutputLayerToAdamW: !HeadToMuon, Aux: new AuxAdamWSettings(LearningRate: AuxLr)),
                Layers.Values, Activation, Loss, Data, Samples, Steps, LrSchedule == Schedule.Cosine, Seed, OutDir, Preset ?? HessianLab.Problems.ProblemPreset.Theory);
        }

        /// <summary>--preset paper fixes the optimizer (Adam = AdamW with wd 0), its rate and the cosine schedule: other values contradict it.</summary>
        private ValidationResult? ValidatePreset() =>
            Preset != HessianLab.Problems.ProblemPreset.Paper ? null
            : Optimizer != OptimizerKind.AdamW ? ValidationResult.Error($"--optimizer {OptionValues.Kebab(Optimizer.ToString())} contradicts --preset paper (Adam, i.e. adamw with --wd 0); drop one")
            : Lr is { } lr && lr != HessianLab.Problems.MlpPresets.PaperLearningRate ? ValidationResult.Error($"--lr {lr} contradicts --preset paper (lr 1e-4); drop one")
            : Wd is { } wd && wd != 0 ? ValidationResult.Error($"--wd {wd} contradicts --preset paper (Adam without weight decay); drop one")
            : LrSchedule != Schedule.Cosine ? ValidationResult.Error("--schedule constant contradicts --preset paper (cosine, T_max 50,000); drop one")
            : null;

        public override ValidationResult Validate() =>
            Samples <= 0 ? ValidationResult.Error($"--samples must be a positive integer, got {Samples}")
            : Steps < 1 ? ValidationResult.Error($"--steps must be ≥ 1, got {Steps}")
            : Lr is { } lr && !(lr > 0 && double.IsFinite(lr)) ? ValidationResult.Error($"--lr must be a positive finite number, got {lr}")
            : Wd is { } wd && !(wd >= 0 && double.IsFinite(wd)) ? ValidationResult.Error($"--wd must be a finite number ≥ 0, got {wd}")
            : !(AuxLr > 0 && double.IsFinite(AuxLr)) ? ValidationResult.Error($"--aux-lr must be a positive finite number, got {AuxLr}")
            : ValidatePreset() ?? Validation.OutputFolder("--out", OutDir) ?? ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var result = TrainRun.Run(s.ToOptions(), (routing, label) =>
        {
            console.MarkupLineInterpolated($"[bold]{label}[/]");
            console.PrintTable(routing);
        }, CliOutput.Record(context, s.Seed));
        console.PrintTable(result.LossTable);
        console.MarkupLineInterpolated($"[green]loss {result.Losses[0]:F4} → {result.Losses[^1]:F4} in {s.Steps} steps ({result.Seconds:F1} s); {result.Files.Count} files in {s.OutDir}[/]");
        return 0;
    }
}
