using HessianLab.Tests.TestSupport;

namespace HessianLab.Tests.Cli;

[Collection(TorchCollection.Name)]
public sealed class ReportCommandTests
{
    [Fact]
    public void Reproduce_writes_report_html_and_report_rebuilds_it_from_the_folder()
    {
        string dir = CliRunner.TempDir();
        try
        {
            var (exit, output) = CliRunner.Run("reproduce", "--quick", "--only", "E7", "--seeds", "1", "--out", dir);
            Assert.True(exit == 0, output);
            string html = Path.Combine(dir, "report.html");
            string first = File.ReadAllText(html);
            Assert.Contains("id=\"E7\"", first);
            Assert.Contains("data:image/png;base64,", first);
            Assert.True(File.Exists(Path.Combine(dir, "E7", "result.json")));

            File.Delete(html);
            (exit, output) = CliRunner.Run("report", dir);
            Assert.True(exit == 0, output);
            Assert.Equal(first, File.ReadAllText(html)); // the same report from the saved records
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Report_of_a_folder_without_results_is_a_one_line_error()
    {
        string dir = CliRunner.TempDir();
        try
        {
            var (exit, output) = CliRunner.Run("report", dir);
            Assert.Equal(1, exit);
            Assert.Contains("no result.json", output);
            (exit, output) = CliRunner.Run("report", Path.Combine(dir, "missing"));
            Assert.Equal(1, exit);
            Assert.Contains("is not a folder", output);
        }
        finally { Directory.Delete(dir, true); }
    }
}
