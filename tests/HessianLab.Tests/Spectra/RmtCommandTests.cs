using HessianLab.Cli;
using HessianLab.Cli.Commands;
using HessianLab.Tests.TestSupport;
using Spectre.Console.Testing;

namespace HessianLab.Tests.Spectra;

[Collection(TorchCollection.Name)]
public sealed class RmtCommandTests
{
    [Fact]
    public void Given_talk_style_arguments_rmt_writes_the_picture_and_the_moments()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"rmt-test-{Guid.NewGuid():N}");
        try
        {
            int code = CliApp.Run(new[] { "rmt", "--d", "60", "--n", "20", "--draws", "10", "--out", dir, "--seed", "2" }, new TestConsole());

            Assert.Equal(0, code);
            foreach (var f in new[] { "rmt_marchenko_pastur.png", "rmt_moments.csv", "rmt_moments.json", "rmt_config.json" })
                Assert.True(File.Exists(Path.Combine(dir, f)), f);
            Assert.Contains("\"d\": 60", File.ReadAllText(Path.Combine(dir, "rmt_config.json")));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("--d", "0", "--d must be a positive integer")]
    [InlineData("--n", "-3", "--n must be a positive integer")]
    [InlineData("--draws", "0", "--draws must be a positive integer")]
    [InlineData("--bins", "1", "--bins must be between 5 and 10,000, got 1")]
    public void Given_a_bad_size_rmt_exits_1_with_a_one_line_error(string flag, string value, string message)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;

        int code = CliApp.Run(new[] { "rmt", flag, value }, console);

        Assert.Equal(1, code);
        Assert.Contains(message, console.Output);
        Assert.Single(console.Output.Trim().Split('\n'));
    }

    [Fact]
    public void Given_other_commands_the_argument_rewrite_leaves_them_alone()
    {
        Assert.Equal(new[] { "experiment", "--d", "3" }, RmtCommand.NormalizeArguments(new[] { "experiment", "--d", "3" }));
        Assert.Equal(new[] { "rmt", "-d", "3", "-n=4", "--draws", "5" }, RmtCommand.NormalizeArguments(new[] { "rmt", "--d", "3", "--n=4", "--draws", "5" }));
    }
}
