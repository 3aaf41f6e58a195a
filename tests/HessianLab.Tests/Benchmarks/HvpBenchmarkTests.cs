using System.Text.Json;
using HessianLab.Benchmarks;
using HessianLab.Cli;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Tests.TestSupport;
using Spectre.Console.Testing;

namespace HessianLab.Tests.Benchmarks;

[Collection(TorchCollection.Name)]
public sealed class HvpBenchmarkTests
{
    [Fact]
    public void On_a_small_MLP_the_HVP_matches_finite_differences_and_the_exact_engine()
    {
        var r = HvpBenchmark.Run(new HvpBenchmarkOptions("mlp", new[] { 7, 5, 4 }, Samples: 40, Activation.Tanh, LossKind.Ce, Repeats: 3));
        Assert.Equal(5 * 7 + 4 * 5, r.Parameters);
        Assert.True(r.GradientSeconds > 0 && r.GraphSeconds > 0 && r.HvpSeconds > 0);
        Assert.Equal(r.HvpSeconds / r.GradientSeconds, r.HvpOverGradient, 12);
        Assert.Equal((r.GraphSeconds + r.HvpSeconds) / r.GradientSeconds, r.FirstHvpOverGradient, 12);
        Assert.True(r.FiniteDifferenceError < 1e-6, $"HVP vs central differences: {r.FiniteDifferenceError:E2}");
        Assert.NotNull(r.ExactEngineError);
        Assert.True(r.ExactEngineError < 1e-12, $"HVP vs exact engine: {r.ExactEngineError:E2}");
    }

    [Fact]
    public void On_the_GPT_the_HVP_matches_finite_differences()
    {
        var r = HvpBenchmark.Run(new HvpBenchmarkOptions("gpt", Array.Empty<int>(), Samples: 2, Repeats: 1));
        Assert.Contains("GPT", r.Model);
        Assert.Null(r.ExactEngineError);
        Assert.True(r.FiniteDifferenceError < 1e-6, $"HVP vs central differences: {r.FiniteDifferenceError:E2}");
    }

    [Fact]
    public void The_GPT_takes_any_head_width_and_vocab_is_checked()
    {
        // Parameters of the 2-block width-64 GPT: tok and head V·64 each, pos 64·64, per block 12·64² + 4·64 (LayerNorms), final LayerNorm 2·64.
        var r = HvpBenchmark.Run(new HvpBenchmarkOptions("gpt", Array.Empty<int>(), Samples: 1, Repeats: 1, Vocab: 300));
        Assert.Equal(2L * 300 * 64 + 64 * 64 + 2 * (12 * 64 * 64 + 4 * 64) + 2 * 64, r.Parameters);
        Assert.Contains("vocab 300", r.Model);
        Assert.True(r.FiniteDifferenceError < 1e-6, $"HVP vs central differences: {r.FiniteDifferenceError:E2}");
        Assert.Throws<ArgumentException>(() => new HvpBenchmarkOptions("gpt", Array.Empty<int>(), Vocab: 1).Validated());
        var bad = new TestConsole();
        Assert.Equal(1, CliApp.Run(new[] { "bench", "hvp", "--model", "mlp", "--vocab", "50257" }, bad));
        Assert.Contains("--vocab needs --model gpt", bad.Output);
    }

    [Fact]
    public void The_bench_hvp_command_writes_the_JSON_and_rejects_an_unknown_model_in_one_line()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"hl-hvp-{Guid.NewGuid():N}");
        string file = Path.Combine(dir, "hvp.json");
        try
        {
            var console = new TestConsole();
            Assert.Equal(0, CliApp.Run(new[] { "bench", "hvp", "--layers", "6,4,3", "--samples", "20", "--repeats", "2", "--out", file }, console));
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            Assert.Equal(4 * 6 + 3 * 4, json.RootElement.GetProperty("parameters").GetInt64());
            Assert.True(json.RootElement.GetProperty("finiteDifferenceError").GetDouble() < 1e-6);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
        var bad = new TestConsole();
        Assert.Equal(1, CliApp.Run(new[] { "bench", "hvp", "--model", "cnn" }, bad));
        Assert.Contains("--model: 'cnn' is unknown; use mlp, gpt", bad.Output);
    }
}
