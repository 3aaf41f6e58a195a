using HessianLab.Tests.TestSupport;

namespace HessianLab.Tests.Cli;

/// <summary>The real process ends with <c>_exit</c> once a command returns (CliExit): its exit codes and every line it
/// printed, on stdout and stderr, must still reach the caller.</summary>
public sealed class CliExitProcessTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"hessianlab-exit-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void A_run_prints_its_last_line_and_exits_0_and_bad_input_prints_its_error_and_exits_1()
    {
        string out1 = Path.Combine(_dir, "run");
        var (exit, output) = CliProcess.Run(null, 120, "hessian", "--layers", "6,3,4", "--samples", "20", "--out", out1);
        Assert.Equal(0, exit);
        Assert.EndsWith($"wrote 13 files to {out1}", output.TrimEnd());
        Assert.True(File.Exists(Path.Combine(out1, "manifest.json")));

        var (badExit, badOutput) = CliProcess.Run(null, 60, "hessian", "--samples", "-1", "--out", Path.Combine(_dir, "bad"));
        Assert.Equal(1, badExit);
        Assert.Equal("error: --samples must be a positive integer, got -1", badOutput.Trim());
        Assert.False(Directory.Exists(Path.Combine(_dir, "bad")));
    }
}
