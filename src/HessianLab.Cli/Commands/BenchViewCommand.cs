using System.ComponentModel;
using System.Globalization;
using HessianLab.Cli.Parsing;
using HessianLab.Viewer.Benchmarks;
using HessianLab.Viewer.Matrix;
using HessianLab.Viewer.Server;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab bench view DIR`: tile latency (top, pooled, deepest level) and memory of the viewer server.</summary>
public sealed class BenchViewCommand(IAnsiConsole console) : Command<BenchViewCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<DIR>")]
        [Description("Result folder holding hessian.npy, e.g. from `hessianlab hessian --layers 500,8,500 --samples 5000`.")]
        public string Dir { get; init; } = "";

        [CommandOption("--tiles <N>")]
        [Description("Uncached tiles timed per level (default 50).")]
        [DefaultValue(50)]
        public int Tiles { get; init; } = 50;

        [CommandOption("--pooling <KIND>")]
        [Description("max (default) or mean.")]
        [TypeConverter(typeof(KebabEnumConverter<Pooling>))]
        public Pooling Pooling { get; init; } = Pooling.Max;

        [CommandOption("--out <FILE>")]
        [Description("Write the numbers as JSON to this file.")]
        public string? Out { get; init; }

        public override ValidationResult Validate()
        {
            if (Tiles <= 0) return ValidationResult.Error($"--tiles must be ≥ 1, got {Tiles}");
            if (!Directory.Exists(Dir)) return ValidationResult.Error($"DIR '{Dir}' is not a folder");
            try { CliOutput.EnsureWritableFile(Out); }
            catch (IOException e) { return ValidationResult.Error($"--out: {e.Message}"); }
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var options = new ViewerOptions(s.Dir, Pooling: s.Pooling);
        var r = ViewerBenchmark.RunAsync(options, s.Tiles, log: m => console.MarkupLineInterpolated($"  [grey]{m}[/]")).GetAwaiter().GetResult();
        string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
        var rows = new List<IReadOnlyList<string>> { new[] { "quantity", "value" } };
        rows.Add(new[] { "matrix", $"{r.Rows}×{r.Cols}, mapped file {F(r.MappedFileBytes / 1e6)} MB" });
        rows.Add(new[] { "machine", $"{Environment.ProcessorCount} cores, load average {F(r.LoadAverage)} at start" });
        rows.Add(new[] { "pyramid (once, at start)", $"{r.PyramidSeconds:F2} s, {F(r.PyramidBytes / 1e6)} MB" });
        foreach (var t in r.Timings)
            rows.Add(new[] { $"tile: {t.Name}, level {t.Level}, f = {t.EntriesPerPixel}", $"median {F(t.MedianMs)} ms, p95 {F(t.P95Ms)} ms, max {F(t.MaxMs)} ms ({t.Tiles} uncached)" });
        rows.Add(new[] { "memory beyond the mapped file (RssAnon)", $"{F(r.AnonymousBytes / 1e6)} MB (target ≤ 200 MB)" });
        rows.Add(new[] { "file-backed resident (RssFile)", $"{F(r.FileBackedBytes / 1e6)} MB" });
        rows.Add(new[] { "managed heap", $"{F(r.ManagedBytes / 1e6)} MB" });
        console.PrintTable(rows);
        console.WriteJson(s.Out, r);
        return 0;
    }
}
