using System.Text.RegularExpressions;
using HessianLab.Reports;

namespace HessianLab.Tests.Reports;

public class HtmlReportTests
{
    [Fact]
    public void Report_holds_claims_findings_tables_pictures_and_view_commands_in_experiment_order()
    {
        using var f = new ReportFolder();
        var runs = ExperimentRecord.FindAll(f.Root);
        Assert.Equal(["E1", "E2", "E10"], runs.Select(r => r.Record.Id));

        string html = File.ReadAllText(HtmlReport.Write(f.Root, runs));

        Assert.True(html.IndexOf("id=\"E1\"", StringComparison.Ordinal) < html.IndexOf("id=\"E2\"", StringComparison.Ordinal));
        Assert.True(html.IndexOf("id=\"E2\"", StringComparison.Ordinal) < html.IndexOf("id=\"E10\"", StringComparison.Ordinal));
        Assert.Contains("claim of E10", html);
        Assert.Contains("<td>E10 row</td><td>1.5</td>", html);
        Assert.Contains("ρ &lt; 0.01 &amp; &quot;H&quot; &lt;b&gt;bold&lt;/b&gt;", html); // escaped, not markup
        Assert.DoesNotContain("<b>bold</b>", html);
        // Pictures are embedded byte for byte.
        var images = Regex.Matches(html, "src=\"data:image/png;base64,([^\"]+)\"").Select(m => Convert.FromBase64String(m.Groups[1].Value)).ToList();
        Assert.Equal(3, images.Count);
        Assert.Equal(f.Pictures["E2"], images[1]);
        // Only the square matrix gets a viewer command; numbers are relative links.
        Assert.Contains("<code>hessianlab view E2 --matrix hessian.npy</code> (6×6)", html);
        Assert.DoesNotContain("W1.npy", html);
        Assert.Contains("href=\"E1/E1_numbers.json\"", html);
    }

    [Fact]
    public void Report_loads_nothing_from_elsewhere()
    {
        using var f = new ReportFolder();
        string html = File.ReadAllText(HtmlReport.Write(f.Root, ExperimentRecord.FindAll(f.Root)));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotContain("url(", html);
        Assert.All(Regex.Matches(html, "src=\"([^\"]*)\"").Select(m => m.Groups[1].Value), s => Assert.StartsWith("data:", s));
        // Links are relative files, anchors or the paper.
        Assert.All(Regex.Matches(html, "href=\"([^\"]*)\"").Select(m => m.Groups[1].Value),
            h => Assert.True(h.StartsWith('#') || h == "https://arxiv.org/abs/2505.02809" || !h.Contains(':'), h));
    }

    [Fact]
    public void A_single_experiment_folder_is_its_own_report()
    {
        using var f = new ReportFolder();
        var runs = ExperimentRecord.FindAll(Path.Combine(f.Root, "E2"));
        Assert.Equal("E2", Assert.Single(runs).Record.Id);
    }
}
