using System.Text.Json;
using HessianLab.Benchmarks;
using HessianLab.Cli;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Tests.TestSupport;
using Spectre.Console.Testing;

namespace HessianLab.Tests.Benchmarks;

[Collection(TorchCollection.Name)]
public sealed class HessianBenchmarkTests
{
    [Fact]
    public void At_a_tiny_size_the_benchmark_measures_every_quantity_and_the_rows_agree()
    {
        var r = HessianBenchmark.Run(new HessianBenchmarkOptions(new[] { 5, 3, 4 }, Samples: 30, Activation.Tanh, LossKind.Ce,
            Bias: true, Repeats: 2, AutogradRows: 3));
        Assert.Equal(3 * 6 + 4 * 4, r.Parameters);
        Assert.Equal(2, r.ExactRunSeconds.Count);
        Assert.Equal(r.ExactRunSeconds.Min(), r.ExactSeconds);
        Assert.True(r.ExactFlops > 0 && r.GemmGflops > 0 && r.AchievedGflops > 0);
        Assert.Equal(r.AutogradSecondsPerRow * r.Parameters, r.AutogradExtrapolatedSeconds, 9);
        Assert.Equal(r.AutogradExtrapolatedSeconds / r.ExactSeconds, r.SpeedupOverAutograd, 9);
        Assert.True(r.MaxRowDifference <= 1e-10, $"autograd rows differ from the engine's by {r.MaxRowDifference:E2} of max |H|");
        Assert.True(r.PeakRssBytes > 0 && r.HessianBytes == r.Parameters * r.Parameters * 8);
    }

    [Fact]
    public void The_bench_hessian_command_runs_end_to_end_and_writes_the_JSON()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"hl-bench-{Guid.NewGuid():N}");
        string file = Path.Combine(dir, "bench.json");
        try
        {
            var console = new TestConsole();
            int code = CliApp.Run(new[] { "bench", "hessian", "--layers", "4,3,3,2", "--samples", "12", "--activation", "gelu",
                "--loss", "mse", "--repeats", "1", "--autograd-rows", "2", "--memory-budget", "64MB", "--out", file }, console);
            Assert.Equal(0, code);
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var root = json.RootElement;
            Assert.Equal(3 * 4 + 3 * 3 + 2 * 3, root.GetProperty("parameters").GetInt64());
            Assert.True(root.GetProperty("speedupOverAutograd").GetDouble() > 0);
            Assert.True(root.GetProperty("fractionOfGemmRate").GetDouble() > 0);
            Assert.True(root.GetProperty("maxRowDifference").GetDouble() <= 1e-10);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Bad_bench_options_are_one_line_errors()
    {
        var console = new TestConsole();
        Assert.Equal(1, CliApp.Run(new[] { "bench", "hessian", "--layers", "4,x,2" }, console));
        Assert.Contains("'x' is not an integer", console.Output);
        var console2 = new TestConsole();
        Assert.Equal(1, CliApp.Run(new[] { "bench", "hessian", "--layers", "4,3,2", "--memory-budget", "lots" }, console2));
        Assert.Contains("memory size 'lots'", console2.Output);
    }
}
