using HessianLab.Cli;

namespace HessianLab.Tests.Cli;

/// <summary>Which command lines start libtorch's load and the plot warm-up before parsing: the computing commands, but
/// not their help pages (which took 0.8 s instead of 0.2 s while libtorch loaded for nothing) nor the commands that
/// never compute.</summary>
public sealed class CliStartupTests
{
    [Theory]
    [InlineData(true, true, "hessian", "--layers", "20,4,10")]
    [InlineData(true, true, "experiment", "E1")]
    [InlineData(true, false, "train", "--steps", "3")]
    [InlineData(true, false, "bench", "hessian")]
    [InlineData(false, false, "hessian", "--help")]
    [InlineData(false, false, "bench", "hessian", "-h")]
    [InlineData(false, false, "verify", "results/hessian")]
    [InlineData(false, false, "view", "results/hessian")]
    [InlineData(false, false)]
    public void Loads_libtorch_and_warms_up_plots_only_for_commands_that_use_them(bool torch, bool plots, params string[] args)
    {
        Assert.Equal(torch, CliStartup.NeedsTorch(args));
        Assert.Equal(plots, CliStartup.Draws(args));
    }

    /// <summary>`hessian` starts libtorch's load itself once its options are checked, and backs its Hessian's memory
    /// while the load runs (measured: 5.38 → 4.71 s for the talk's net, paired); the other commands start it before parsing.</summary>
    [Theory]
    [InlineData(true, "hessian", "--layers", "20,4,10")]
    [InlineData(false, "experiment", "E1")]
    [InlineData(false, "bench", "hessian")]
    [InlineData(false)]
    public void Only_the_hessian_command_starts_libtorchs_load_itself(bool itself, params string[] args) =>
        Assert.Equal(itself, CliStartup.LoadsTorchItself(args));
}
