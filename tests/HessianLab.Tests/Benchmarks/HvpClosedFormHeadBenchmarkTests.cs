using HessianLab.Benchmarks;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Tests.Cli;
using HessianLab.Tests.TestSupport;

namespace HessianLab.Tests.Benchmarks;

[Collection(TorchCollection.Name)]
public sealed class HvpClosedFormHeadBenchmarkTests
{
    [Fact]
    public void On_the_GPT_both_methods_are_measured_and_the_closed_form_head_agrees_with_the_plain_double_backward()
    {
        var r = HvpBenchmark.Run(new HvpBenchmarkOptions("gpt", Array.Empty<int>(), Samples: 1, Repeats: 2, Vocab: 300));
        var c = Assert.IsType<HvpMethodResult>(r.ClosedFormHead);
        Assert.NotNull(c.RelativeToPlain);
        Assert.True(c.RelativeToPlain < 1e-10, $"closed form vs plain: {c.RelativeToPlain:E2}");
        Assert.True(c.FiniteDifferenceError < 1e-6, $"closed form vs central differences: {c.FiniteDifferenceError:E2}");
        Assert.True(c.GraphSeconds > 0 && c.HvpSeconds > 0 && c.HvpCpuSeconds >= 0 && r.GraphCpuSeconds >= 0);
        Assert.Equal(c.HvpSeconds / r.GradientSeconds, c.HvpOverGradient, 12);
        Assert.Equal((c.GraphSeconds + c.HvpSeconds) / r.GradientSeconds, c.FirstHvpOverGradient, 12);
        Assert.Equal(c.HvpCpuSeconds / r.GradientCpuSeconds!.Value, c.HvpOverGradientCpu, 12);
    }

    [Fact]
    public void An_MLP_has_no_softmax_head_method_and_the_command_prints_one_column_per_method()
    {
        var mlp = HvpBenchmark.Run(new HvpBenchmarkOptions("mlp", new[] { 5, 3, 4 }, Samples: 10, Activation.Tanh, LossKind.Ce, Repeats: 1));
        Assert.Null(mlp.ClosedFormHead);
        var (exit, output) = CliRunner.Run("bench", "hvp", "--model", "gpt", "--samples", "1", "--vocab", "40", "--repeats", "1");
        Assert.Equal(0, exit);
        Assert.Contains("plain double backward", output);
        Assert.Contains("closed-form softmax head", output);
        Assert.Contains("HVP vs the plain double backward", output);
    }
}
