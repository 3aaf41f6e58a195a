using HessianLab.Benchmarks;
using HessianLab.Tests.Cli;
using HessianLab.Tests.Models.Gpt2;
using HessianLab.Tests.Plots;
using HessianLab.Tests.TestSupport;

namespace HessianLab.Tests.Benchmarks;

[Collection(TorchCollection.Name)]
public sealed class Gpt2HvpBenchmarkTests
{
    [Fact]
    public void On_a_GPT2_checkpoint_the_HVP_matches_finite_differences_and_peak_memory_is_reported()
    {
        using var dir = new TempDir();
        string ckpt = new TinyGpt2Checkpoint(seed: 3).Write(dir.File("ckpt"), float64: false, prefixed: true);
        var r = HvpBenchmark.Run(new HvpBenchmarkOptions("gpt2", Array.Empty<int>(), Samples: 2, Repeats: 1, Checkpoint: ckpt, Tokens: 5));
        Assert.Contains("GPT-2 1 layers, width 8", r.Model);
        Assert.Equal(11 * 8 + 6 * 8 + 12 * 64 + 13 * 8 + 16, r.Parameters);
        Assert.True(r.FiniteDifferenceError < 1e-6, $"HVP vs central differences: {r.FiniteDifferenceError:E2}");
        Assert.True(r.PeakResidentBytes > 0);
    }

    [Fact]
    public void Bench_hvp_refuses_too_many_tokens_and_a_checkpoint_without_gpt2()
    {
        using var dir = new TempDir();
        string ckpt = new TinyGpt2Checkpoint().Write(dir.File("ckpt"), float64: true, prefixed: false);
        var (exit, output) = CliRunner.Run("bench", "hvp", "--model", "gpt2", "--checkpoint", ckpt, "--tokens", "7", "--repeats", "1");
        Assert.Equal(1, exit);
        Assert.Contains("--tokens 7 exceeds the model's n_positions 6", output);
        (exit, output) = CliRunner.Run("bench", "hvp", "--model", "gpt", "--checkpoint", ckpt);
        Assert.Equal(1, exit);
        Assert.Contains("--checkpoint needs --model gpt2", output);
    }
}
