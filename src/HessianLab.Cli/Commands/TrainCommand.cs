using System.ComponentModel;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Optim;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab train --optimizer adamw|adam-mini|muon|normuon …`: full-batch training of the talk's MLPs
/// with one of the Part III optimizers (maps options onto <see cref="TrainRunOptions"/>).</summary>
public sealed class TrainCommand : Command<TrainCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--optimizer <NAME>")]
        [Description("adamw, adam-mini, muon, normuon or shampoo (Muon/NorMuon: hidden weights; head and biases → AdamW lr 3e-4, betas (0.9,0.95), eps 1e-10).")]
        public string Optimizer { get; init; } = "adamw";

        [CommandOption("--layers <WIDTHS>")]
        [Description("Widths d,hidden…,C (default 500,8,500: the talk's 2-layer net).")]
        public string Layers { get; init; } = "500,8,500";

        [CommandOption("--activation <ACT>")]
        [Description("relu (default), gelu, tanh, identity.")]
        public string Activation { get; init; } = "relu";

        [CommandOption("--loss <LOSS>")]
        [Description("ce (default) or mse.")]
        public string Loss { get; init; } = "ce";

        [CommandOption("--data <KIND>")]
        [Description("gaussian (default: random labels) or clusters.")]
        public string Data { get; init; } = "gaussian";

        [CommandOption("--samples <N>")]
        [Description("Number of samples N (default 5000).")]
        [DefaultValue(5000)]
        public int Samples { get; init; } = 5000;

        [CommandOption("--steps <T>")]
        [Description("Full-batch steps (default 1000).")]
        [DefaultValue(1000)]
        public int Steps { get; init; } = 1000;

        [CommandOption("--lr <LR>")]
        [Description("Learning rate (default: AdamW/Adam-mini 1e-3, Muon/NorMuon 0.02).")]
        public double? Lr { get; init; }

        [CommandOption("--wd <WD>")]
        [Description("Decoupled weight decay of the main optimizer (default: AdamW 0.01, others 0).")]
        public double? Wd { get; init; }

        [CommandOption("--schedule <S>")]
        [Description("cosine (default, to 0 over the run) or constant.")]
        public string Schedule { get; init; } = "cosine";

        [CommandOption("--normuon-rule <RULE>")]
        [Description("NorMuon step rule: code (default: /sqrt(v) per row, restore ||O||_F, Muon scale), paper (0.2·lr·sqrt(mn)/||O||_F) or benchmark (modded-nanogpt: v along the longer side, rsqrt(max(v, eps))).")]
        public string NorMuonRule { get; init; } = "code";

        [CommandOption("--ns <KIND>")]
        [Description("Newton–Schulz: quintic5 (default) or polar12.")]
        public string NewtonSchulz { get; init; } = "quintic5";

        [CommandOption("--muon-scale <S>")]
        [Description("Muon/NorMuon update scale: shape-ratio (default, sqrt(max(1,m/n))), match-adamw-rms (0.2·sqrt(max(m,n))), fan-ratio (sqrt(m/n)).")]
        public string MuonScale { get; init; } = "shape-ratio";

        [CommandOption("--aux-lr <LR>")]
        [Description("Learning rate of the auxiliary AdamW of Muon/NorMuon (default 3e-4).")]
        [DefaultValue(3e-4)]
        public double AuxLr { get; init; } = 3e-4;

        [CommandOption("--head-to-muon")]
        [Description("Send the MLP's output layer to Muon/NorMuon instead of the auxiliary AdamW.")]
        public bool HeadToMuon { get; init; }

        [CommandOption("--seed <S>")]
        [Description("Seed of init (S) and data (S+1) (default 0).")]
        [DefaultValue(0L)]
        public long Seed { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Output folder (default results/train/<optimizer>).")]
        public string? Out { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var kind = OptimizerSettings.ParseKind(s.Optimizer);
        string schedule = s.Schedule.Trim().ToLowerInvariant();
        if (schedule is not ("cosine" or "constant")) throw new ArgumentException($"--schedule '{s.Schedule}' is unknown; use cosine or constant");
        var optimizer = new OptimizerSettings(kind, s.Lr, s.Wd,
            TrainRunOptions.ParseEnum<NorMuonStepRule>("--normuon-rule", s.NorMuonRule),
            TrainRunOptions.ParseEnum<NewtonSchulzKind>("--ns", s.NewtonSchulz),
            TrainRunOptions.ParseEnum<MuonScale>("--muon-scale", s.MuonScale),
            OutputLayerToAdamW: !s.HeadToMuon, Aux: new AuxAdamWSettings(LearningRate: s.AuxLr));
        if (!(s.AuxLr > 0 && double.IsFinite(s.AuxLr))) throw new ArgumentException($"--aux-lr must be a positive number, got {s.AuxLr}");
        string dir = s.Out ?? Path.Combine("results", "train", s.Optimizer.Trim().ToLowerInvariant());
        var options = new TrainRunOptions(optimizer, MlpSpec.ParseWidths(s.Layers),
            TrainRunOptions.ParseEnum<Activation>("--activation", s.Activation), TrainRunOptions.ParseEnum<LossKind>("--loss", s.Loss),
            TrainRunOptions.ParseEnum<DataKind>("--data", s.Data), s.Samples, s.Steps, schedule == "cosine", s.Seed, dir).Validated();
        CliOutput.EnsureWritableFolder(dir);
        var result = TrainRun.Run(options, (routing, label) =>
        {
            AnsiConsole.MarkupLineInterpolated($"[bold]{label}[/]");
            CliOutput.PrintTable(routing);
        });
        CliOutput.PrintTable(result.LossTable);
        AnsiConsole.MarkupLineInterpolated($"[green]loss {result.Losses[0]:F4} → {result.Losses[^1]:F4} in {s.Steps} steps ({result.Seconds:F1} s); {result.Files.Count} files in {dir}[/]");
        return 0;
    }
}
