using System.ComponentModel;
using HessianLab.Cli.Parsing;
using HessianLab.Core;
using HessianLab.Curvature;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Runs;
using HessianLab.Runs.Tiles;
using HessianLab.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab hessian`: the Hessian of an MLP over a synthetic data set, with pictures and metrics.</summary>
public sealed class HessianCommand(IAnsiConsole console) : Command<HessianCommand.Settings>
{
    /// <summary>Runs whose planned allocations are smaller than this find enough backed memory without a prefault.</summary>
    private const long PrefaultFrom = 64L << 20;

    /// <summary>Memory left available beside a prefault (libtorch, the runtime, the engine's working memory), so that
    /// backing memory early never pushes a run that barely fits into the kernel's out-of-memory handling.</summary>
    private const long PrefaultHeadroom = 1L << 30;

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
        public InitScheme? Init { get; init; }

        [CommandOption("--preset <NAME>")]
        [Description("theory (LeCun init, float64: the theorem's setting) or paper (the authors' code: torch U(±1/√fan_in) init, float32, Adam lr 1e-4 cosine T_max 50,000). Sets --init, the precision and the schedule; default: theory's init and float64, cosine over --train-steps.")]
        [TypeConverter(typeof(KebabEnumConverter<HessianLab.Problems.ProblemPreset>))]
        public HessianLab.Problems.ProblemPreset? Preset { get; init; }

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
        [Description("cpu (default) or cuda[[:N]] (needs a CUDA build of TorchSharp).")]
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

        [CommandOption("--tile <K/N>")]
        [Description("Compute only band K of N (whole neuron blocks, θ order) into OUT/tiles/K-of-N/; combine with `merge OUT`.")]
        public Fraction? Tile { get; init; }

        [CommandOption("--shard <S/M>")]
        [Description("With --tile: only samples share S of M (H = Σ_s N_s/N · H_s); the folder is OUT/tiles/K-of-N-shard-S-of-M/.")]
        public Fraction? Shard { get; init; }

        [CommandOption("--bands <N>")]
        [Description("Compute in N bands in this process, written straight into a memory-mapped hessian.npy (default: only when H does not fit in memory).")]
        public int? Bands { get; init; }

        [CommandOption("--slurm <N>")]
        [Description("Compute nothing: write OUT/slurm/array.sbatch (N tiles) and merge.sbatch, and print the sbatch commands.")]
        public int? Slurm { get; init; }

        [CommandOption("--partition <P>")]
        [Description("With --slurm: sbatch --partition.")]
        public string? Partition { get; init; }

        [CommandOption("--time <T>")]
        [Description("With --slurm: sbatch --time per job (e.g. 2:00:00).")]
        public string? Time { get; init; }

        [CommandOption("--mem <M>")]
        [Description("With --slurm: sbatch --mem per job (e.g. 4G).")]
        public string? Mem { get; init; }

        /// <summary>The tile, when --tile or --shard is given.</summary>
        public TileSpec? TileSpec => Tile is null && Shard is null ? null
            : new TileSpec(Tile?.Part ?? 1, Tile?.Of ?? 1, Shard?.Part ?? 1, Shard?.Of ?? 1);

        /// <summary>The library's options for these settings.</summary>
        public HessianRunOptions ToOptions()
        {
            bool paper = Preset == HessianLab.Problems.ProblemPreset.Paper;
            var init = Init ?? (paper ? InitScheme.Torch : InitScheme.Lecun);
            var training = paper ? new TrainingOptions(TrainSteps, Lr, Cosine: true, CosinePeriod: HessianLab.Problems.MlpPresets.PaperCosinePeriod)
                : new TrainingOptions(TrainSteps, Lr);
            return new(new MlpSpec(Layers.Values, Activation, Bias, init), Loss, Samples, Data, Seed,
                training, Method, Out, Device, Float32 || paper, MemoryBudget.Bytes, Parts);
        }

        private ValidationResult? ValidatePreset() =>
            Preset == HessianLab.Problems.ProblemPreset.Paper && Init == InitScheme.Lecun ? ValidationResult.Error("--init lecun contradicts --preset paper (torch init); drop one")
            : Preset == HessianLab.Problems.ProblemPreset.Theory && Init == InitScheme.Torch ? ValidationResult.Error("--init torch contradicts --preset theory (LeCun init); drop one")
            : Preset == HessianLab.Problems.ProblemPreset.Theory && Float32 ? ValidationResult.Error("--float32 contradicts --preset theory (float64); drop one")
            : null;

        public override ValidationResult Validate() =>
            Samples <= 0 ? ValidationResult.Error($"--samples must be a positive integer, got {Samples}")
            : TrainSteps < 0 ? ValidationResult.Error($"--train-steps must be ≥ 0, got {TrainSteps}")
            : !(Lr > 0 && double.IsFinite(Lr)) ? ValidationResult.Error($"--lr must be a positive finite number, got {Lr}")
            : Parts && Method == HessianMethod.Autograd ? ValidationResult.Error("--parts (GGN/residual split) needs the exact engine: use --method auto or exact")
            : Validation.Device("--device", Device) ?? ValidatePreset() ?? ValidateTiles() ?? ValidationResult.Success();

        private ValidationResult? ValidateTiles()
        {
            int modes = (TileSpec is null ? 0 : 1) + (Bands is null ? 0 : 1) + (Slurm is null ? 0 : 1);
            if (modes > 1) return ValidationResult.Error("--tile/--shard, --bands and --slurm exclude each other");
            if ((TileSpec is not null || Bands is not null || Slurm is not null) && Parts)
                return ValidationResult.Error("--parts (GGN/residual split) is computed in memory only: drop it with --tile, --shard, --bands or --slurm");
            if (Slurm is null && (Partition ?? Time ?? Mem) is not null) return ValidationResult.Error("--partition, --time and --mem go with --slurm");
            if (Bands is { } b && (b < 1 || b > 1_000_000)) return ValidationResult.Error($"--bands must be between 1 and 1,000,000, got {b}");
            if (Slurm is { } n)
            {
                try { new SlurmOptions(n, Partition, Time, Mem).Validated(); }
                catch (ArgumentException e) { return ValidationResult.Error($"--slurm: {e.Message}"); }
                return Validation.InRange("--slurm", n, 1, 100_000);
            }
            return TileSpec is { } t ? Validation.OutputFolder("--out", Path.Combine(Out, "tiles", t.FolderName)) : Validation.OutputFolder("--out", Out);
        }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var options = s.ToOptions();
        var record = CliOutput.Record(context, s.Seed);
        if (s.Slurm is { } tasks)
        {
            var commands = SlurmScripts.Write(s.Out, CliProgram.Command(), TileArguments.Replayable(context.Arguments), new SlurmOptions(tasks, s.Partition, s.Time, s.Mem));
            console.MarkupLineInterpolated($"[green]wrote {Path.Combine(s.Out, "slurm")}/array.sbatch ({tasks} tiles), merge.sbatch and submit.sh; submit with:[/]");
            foreach (var c in commands) console.WriteLine(c);
            return 0;
        }
        // Checked before libtorch's load starts: while its constructors run, a first call of any native function waits
        // (CliStartup), and the memory check reads /proc/meminfo.
        bool inMemory = s.TileSpec is null && s.Bands is null && BandedHessianRun.FitsInMemory(options);
        long planned = (long)options.MemoryPlan().TotalBytes;
        long prefault = planned + Math.Min(planned / 8, 64L << 20);   // an eighth more (≤ 64 MB): the run's smaller allocations come first
        bool prefaults = inMemory && planned >= PrefaultFrom && prefault + PrefaultHeadroom <= MemoryGuard.AvailableBytes();
        CliStartup.LoadTorchInBackground();
        if (s.TileSpec is { } tile)
        {
            var t = console.WithPhases(report => TileRun.Execute(options, tile, report, record));
            console.MarkupLineInterpolated($"[green]tile {tile.FolderName}: rows {t.RowStart}–{t.RowEnd} of P = {t.Parameters:N0}, samples {t.SampleStart}–{t.SampleEnd}, {t.Method}, written to {TileRun.FolderOf(s.Out, tile)}[/]");
            return 0;
        }
        // libtorch loads on a pool thread now, and this thread would only wait for it: it backs the memory the in-memory
        // run is about to take instead (data, model, Hessian; NativeHeap.Prefault binds its native calls at start).
        if (prefaults) NativeHeap.Prefault(prefault);
        var result = !inMemory
            ? console.WithPhases(report => BandedHessianRun.Execute(options, s.Bands, report, record))
            : console.WithPhases(report => HessianRun.Execute(options, report, record));

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
