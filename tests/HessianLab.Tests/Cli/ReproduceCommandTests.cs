using HessianLab.Tests.TestSupport;

namespace HessianLab.Tests.Cli;

[Collection(TorchCollection.Name)]
public sealed class ReproduceCommandTests
{
    [Fact]
    public void Reproduce_quick_writes_a_report_whose_picture_links_exist()
    {
        string dir = CliRunner.TempDir();
        try
        {
            var (exit, output) = CliRunner.Run("reproduce", "--quick", "--only", "E7,E9", "--seeds", "1", "--out", dir);
            Assert.True(exit == 0, output);
            string report = File.ReadAllText(Path.Combine(dir, "REPORT.md"));
            Assert.Contains("## E7", report);
            Assert.Contains("## E9", report);
            var links = System.Text.RegularExpressions.Regex.Matches(report, @"!\[[^\]]*\]\(([^)]+)\)").Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(links);
            Assert.All(links, l => Assert.True(File.Exists(Path.Combine(dir, l)), l));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void An_unknown_experiment_id_is_a_one_line_error()
    {
        string dir = CliRunner.UnusedDir();
        var (exit, output) = CliRunner.Run("reproduce", "--only", "E99", "--out", dir);
        Assert.Equal(1, exit);
        Assert.Contains("unknown experiment 'E99'", output);
        Assert.False(Directory.Exists(dir), "bad input must be refused before the output folder is made");
    }
}
