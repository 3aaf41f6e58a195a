using System.Diagnostics;
using System.Text.Json;
using HessianLab.Core;
using HessianLab.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Benchmarks;

/// <summary>The <c>hessian</c> command timed as a user meets it: a new process per run, from its start to its exit,
/// start-up, data, engine, file, metrics and pictures included — float64 and float32 one after the other in the same
/// call, with float32's error against the float64 matrix from the two written files (docs/performance.md).</summary>
public static class WholeProcessBenchmark
{
    /// <summary>Runs the benchmark.</summary>
    /// <param name="options">The command and repeats.</param>
    /// <param name="command">How to start the command line with given arguments (the executable, or <c>dotnet</c> + the
    /// entry assembly, then the arguments).</param>
    /// <param name="log">Progress lines.</param>
    /// <param name="afterRuns">Called once after the timed runs with the float64 result folder (hessian.npy, inputs/),
    /// before it is deleted: the PyTorch reference runs there on the same inputs (<see cref="PyTorchReference"/>).</param>
    /// <exception cref="IOException">A run could not be started or exited with a non-zero code (its error line is
    /// included), e.g. when the disk is full.</exception>
    public static WholeProcessResult Run(WholeProcessOptions options, Func<IReadOnlyList<string>, ProcessStartInfo> command, Action<string>? log = null,
        Action<string>? afterRuns = null)
    {
        options = options.Validated();
        double load = HessianBenchmark.LoadAverage();
        string root = Directory.CreateTempSubdirectory("hessianlab-whole-").FullName;
        try
        {
            string dir64 = Path.Combine(root, "f64"), dir32 = Path.Combine(root, "f32");
            RunOnce(command, options.Arguments(dir64, false), dir64, false);   // warm-up: the program's files into the page cache
            var runs = new List<WholeProcessRun>();
            foreach (bool f32 in new[] { false, true })
                for (int r = 0; r < options.Repeats; r++)
                {
                    string dir = f32 ? dir32 : dir64;
                    var run = RunOnce(command, options.Arguments(dir, f32), dir, f32);
                    runs.Add(run);
                    log?.Invoke($"{(f32 ? "float32" : "float64")} run {r + 1}/{options.Repeats}: {run.WallSeconds:F2} s whole process, peak {Core.MemoryGuard.Format(run.PeakResidentBytes ?? 0)}");
                }
            afterRuns?.Invoke(dir64);
            var (maxRel, frobRel) = Float32Error(dir64, dir32);
            var f64 = runs.Where(r => !r.Float32).ToList();
            var phases = f64.SelectMany(r => r.Phases.Keys).Distinct().ToDictionary(k => k, k => Statistics.Median.Of(f64.Select(r => r.Phases.GetValueOrDefault(k))));
            var peaks = f64.Where(r => r.PeakResidentBytes is not null).Select(r => (double)r.PeakResidentBytes!.Value).ToList();
            return new WholeProcessResult(string.Join(" ", options.Arguments("DIR", false)), runs, Statistics.Median.Of(f64.Select(r => r.WallSeconds)),
                Statistics.Median.Of(runs.Where(r => r.Float32).Select(r => r.WallSeconds)), phases, peaks.Count > 0 ? (long)Statistics.Median.Of(peaks) : null,
                InputBytes(options), maxRel, frobRel, load);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static WholeProcessRun RunOnce(Func<IReadOnlyList<string>, ProcessStartInfo> command, IReadOnlyList<string> args, string dir, bool float32)
    {
        var start = command(args);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new IOException($"could not start {start.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        double wall = sw.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
            throw new IOException($"the timed hessian run exited with {process.ExitCode}: {stderr.Result.Trim().Split('\n')[0]}");
        _ = stdout.Result;
        using var metrics = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "metrics.json")));
        var phases = metrics.RootElement.GetProperty("seconds").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        long? peak = metrics.RootElement.TryGetProperty("peakResidentBytes", out var pk) && pk.ValueKind == JsonValueKind.Number ? pk.GetInt64() : null;
        return new WholeProcessRun(float32, wall, phases, peak);
    }

    /// <summary>float32's error against float64, from the two hessian.npy files.</summary>
    private static (double MaxRelative, double FrobeniusRelative) Float32Error(string dir64, string dir32)
    {
        using var scope = torch.NewDisposeScope();
        var h64 = Npy.Load(Path.Combine(dir64, "hessian.npy"));
        var diff = Npy.Load(Path.Combine(dir32, "hessian.npy")).to_type(ScalarType.Float64).sub_(h64);
        return (Extremes.Of(diff).MaxAbs / Extremes.Of(h64).MaxAbs, diff.norm().item<double>() / h64.norm().item<double>());
    }

    /// <summary>float64 Hessian P² and inputs X (N × d₀ float64) and y (N int64).</summary>
    private static long InputBytes(WholeProcessOptions o)
    {
        long p = (long)Models.MlpMemory.ParameterCount(o.Widths, false);
        return 8 * (p * p + (long)o.Samples * o.Widths[0] + o.Samples);
    }
}
