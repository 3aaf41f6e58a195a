using HessianLab.Reports;
using HessianLab.Tests.Reports;
using OpenQA.Selenium;

namespace HessianLab.Tests.Viewer;

/// <summary>report.html opened from disk in headless Chromium: every picture loads and nothing is fetched from
/// anywhere but the file itself.</summary>
public sealed class ReportBrowserTests
{
    [ChromiumFact]
    public void Report_opens_from_disk_with_every_image_loaded_and_no_request_leaving_the_machine()
    {
        using var folder = new ReportFolder();
        string path = HtmlReport.Write(folder.Root, ExperimentRecord.FindAll(folder.Root));
        using var browser = new Browser();

        browser.Driver.Navigate().GoToUrl(new Uri(path).AbsoluteUri);
        Browser.WaitFor(() => browser.Js("return document.readyState") as string == "complete", "the page to load");

        var images = browser.Driver.FindElements(By.TagName("img"));
        Assert.Equal(3, images.Count);
        foreach (var img in images)
            Assert.True(browser.Js("return arguments[0].complete && arguments[0].naturalWidth === 4 && arguments[0].naturalHeight === 3;", img) is true,
                $"image {img.GetAttribute("alt")} did not load");
        // Resource timing lists every fetch the page made (data: URIs are not fetches): none.
        var fetched = (IReadOnlyCollection<object>)browser.Js("return performance.getEntriesByType('resource').map(e => e.name);")!;
        Assert.Empty(fetched);
        // And the DOM names nothing that a browser would load from elsewhere.
        var refs = ((IReadOnlyCollection<object>)browser.Js(
            "return [...document.querySelectorAll('[src],link[href],script')].map(e => e.getAttribute('src') || e.getAttribute('href') || 'script');")!).Cast<string>();
        Assert.All(refs, r => Assert.StartsWith("data:image/png;base64,", r));
        Assert.Equal("title of E10", browser.Driver.FindElement(By.CssSelector("#E10 h2")).Text.Split(" — ")[1]);
    }
}
