using System.Text.Json;
using HessianLab.Tests.TestSupport;

namespace HessianLab.Tests.Benchmarks;

public sealed class WholeProcessBenchmarkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hl-whole-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The real command line runs the real `hessian` command in grandchild processes: one float64 and one float32
    /// run, each with its own phase table and peak memory, and float32's error measured between the two written
    /// matrices — non-zero (two different files) and at float32's rounding level.</summary>
    [Fact]
    public void Whole_process_bench_times_float64_and_float32_child_runs_and_measures_float32s_error()
    {
        string json = Path.Combine(_dir, "whole.json");
        var (exit, output) = CliProcess.Run(null, 300, "bench", "hessian", "--whole-process", "--layers", "12,5,7", "--samples", "40",
            "--repeats", "1", "--out", json);
        Assert.True(exit == 0, output);
        Assert.Contains("whole process, float64", output);

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var r = doc.RootElement;
        var runs = r.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(new[] { false, true }, runs.Select(x => x.GetProperty("float32").GetBoolean()));
        foreach (var run in runs)
        {
            Assert.True(run.GetProperty("wallSeconds").GetDouble() > 0);
            Assert.True(run.GetProperty("phases").TryGetProperty("hessian", out _));
            Assert.True(run.GetProperty("peakResidentBytes").GetInt64() > 10_000_000);
        }
        double err = r.GetProperty("float32MaxRelativeError").GetDouble();
        Assert.InRange(err, 1e-12, 1e-5);
        Assert.InRange(r.GetProperty("float32FrobeniusRelativeError").GetDouble(), 1e-12, 1e-5);
        Assert.Equal(8L * (95 * 95 + 40 * 12 + 40), r.GetProperty("hessianAndInputBytes").GetInt64());   // P = 12·5 + 5·7 = 95
    }
    /// <summary>A timed run that fails (here: a command that prints an error and exits 1, as the hessian command does
    /// on a full disk) is reported as one I/O error with the run's own error line, not as an internal error.</summary>
    [Fact]
    public void A_failing_child_run_is_an_io_error_carrying_its_message()
    {
        var options = new HessianLab.Benchmarks.WholeProcessOptions(new[] { 4, 3, 2 }, Samples: 10, Repeats: 1);
        var e = Assert.Throws<IOException>(() => HessianLab.Benchmarks.WholeProcessBenchmark.Run(options,
            _ => new System.Diagnostics.ProcessStartInfo("sh", new[] { "-c", "echo 'error: No space left on device' >&2; exit 1" })));
        Assert.Equal("the timed hessian run exited with 1: error: No space left on device", e.Message);
    }
}
