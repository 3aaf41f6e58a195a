using System.Globalization;
using System.Text.Json;
using HessianLab.Viewer.Server;
using OpenQA.Selenium;
using OpenQA.Selenium.Interactions;
using Xunit.Abstractions;

namespace HessianLab.Tests.Viewer;

/// <summary>End to end: `view`'s server and page in headless Chromium on a known 600×600 Hessian.</summary>
public sealed class ViewerBrowserTests(ITestOutputHelper output)
{
    private const int I = 7, J = 530; // W1[0, 7] × W2[1, 10], value 2.5e-3

    [ChromiumFact]
    public async Task Zooming_to_an_entry_shows_its_colour_name_and_value_in_linear_and_log_scale()
    {
        using var folder = new KnownHessianFolder();
        await using var server = await ViewerServer.StartAsync(new ViewerOptions(folder.Dir));
        using var browser = new Browser();
        var b = browser.Driver;
        b.Navigate().GoToUrl(server.Url);

        // Tiles load: the whole matrix is drawn from pooled levels.
        Browser.WaitFor(() => FullyLoaded(browser), "the first tiles");
        Assert.True(server.Session.TilesPerLevel().Sum() > 0);
        Assert.Contains("600 × 600 float64", b.FindElement(By.Id("shape")).Text);

        // k = 100 so the entry (2.5e-3 of max ≈ 3) falls mid-range in both scales.
        var k = b.FindElement(By.Id("k"));
        k.Clear();
        k.SendKeys("100" + Keys.Tab);

        // Zoom to the deepest level around the entry.
        browser.Js($"const v = hl.viewer.viewport; v.zoomTo(v.getMaxZoom(), null, true); v.panTo(v.imageToViewportCoordinates({J} + 0.5, {I} + 0.5), true);");
        Browser.WaitFor(() => FullyLoaded(browser) && server.Session.TilesPerLevel()[server.Session.Pyramid.MaxLevel] > 0, "deepest-level tiles");
        var pos = (IReadOnlyList<object>)browser.Js($"const q = hl.toScreen({J} + 0.5, {I} + 0.5), r = hl.viewer.container.getBoundingClientRect(), v = hl.viewer.viewport;" +
            "return [r.left + q.x, r.top + q.y, hl.viewer.world.getItemAt(0).viewportToImageZoom(v.getZoom(true))];")!;
        int x = (int)Math.Round(Convert.ToDouble(pos[0])), y = (int)Math.Round(Convert.ToDouble(pos[1]));
        double pxPerEntry = Convert.ToDouble(pos[2]);
        Assert.True(pxPerEntry >= 32, $"deepest zoom shows {pxPerEntry:F1} px per entry");
        Assert.StartsWith("exact", b.FindElement(By.Id("level")).Text);

        double v = folder.H[I, J], vmax = folder.MaxAbs / 100;
        var linear = Viridis(Math.Min(1, Math.Abs(v) / vmax));
        Browser.WaitFor(() => Near(PixelAt(browser, x, y), linear), $"pixel ({x}, {y}) to show the linear colour {linear}");

        // Hover names both parameters and gives the value.
        new Actions(b).MoveToLocation(x, y).Perform();
        Browser.WaitFor(() => b.FindElement(By.Id("hover")).Text.Contains("W1[0, 7] × W2[1, 10]"), "hover text");
        string hover = b.FindElement(By.Id("hover")).Text;
        Assert.Contains($"θ[{I}] × θ[{J}]", hover);
        double shown = double.Parse(hover[(hover.IndexOf("H = ", StringComparison.Ordinal) + 4)..].Trim(), CultureInfo.InvariantCulture);
        Assert.Equal(v, shown, v * 1e-5);

        // Log scale: same place, colour at 1 + log10(|v| / vmax) / 6.
        b.FindElement(By.CssSelector("#scale option[value='log']")).Click();
        var log = Viridis(Math.Clamp(1 + Math.Log10(Math.Abs(v) / vmax) / 6, 0, 1));
        Assert.False(Near(linear, log), "test needs distinct colours");
        Browser.WaitFor(() => Near(PixelAt(browser, x, y), log), $"pixel ({x}, {y}) to show the log colour {log}");
        Assert.Contains("log", b.FindElement(By.Id("cbar-mid")).Text);

        string shot = Path.Combine(Path.GetTempPath(), "hessianlab-viewer-browser-test.png");
        browser.Screenshot(shot).Dispose();
        output.WriteLine($"screenshot: {shot}");
    }

    [ChromiumFact]
    public async Task The_page_loads_nothing_from_another_host_and_the_side_panel_shows_config_and_metrics()
    {
        using var folder = new KnownHessianFolder();
        await using var server = await ViewerServer.StartAsync(new ViewerOptions(folder.Dir));
        using var browser = new Browser();
        browser.Driver.Navigate().GoToUrl(server.Url);
        Browser.WaitFor(() => FullyLoaded(browser), "the first tiles");

        var urls = ((IReadOnlyCollection<object>)browser.Js("return performance.getEntriesByType('resource').map(e => e.name);")!).Cast<string>().ToList();
        Assert.NotEmpty(urls);
        Assert.All(urls, u => Assert.StartsWith($"http://127.0.0.1:{server.Url.Port}/", u));
        Assert.Contains("25,20,5", browser.Driver.FindElement(By.Id("config")).Text);
        Assert.Contains("1.25", browser.Driver.FindElement(By.Id("metrics")).Text);
        Assert.Equal(4, browser.Driver.FindElements(By.CssSelector("#blockmap td.cell")).Count);

        // Clicking the W2×W2 cell of the layer map zooms to that block: its corners fill the view.
        browser.Driver.FindElement(By.CssSelector("#blockmap td.cell[data-r='W2'][data-c='W2']")).Click();
        Browser.WaitFor(() =>
        {
            var r = (IReadOnlyList<object>)browser.Js("const b = hl.viewer.viewport.viewportToImageRectangle(hl.viewer.viewport.getBounds(true)); return [b.x, b.y, b.width, b.height];")!;
            double bx = Convert.ToDouble(r[0]), by = Convert.ToDouble(r[1]), bw = Convert.ToDouble(r[2]), bh = Convert.ToDouble(r[3]);
            return bx <= 501 && by <= 501 && bx + bw >= 599 && by + bh >= 599 && Math.Min(bw, bh) < 150;
        }, "the view to frame entries 500…599");

        // The overlay draws the W1|W2 layer boundary (column θ index 500) where the matrix has it: opaque on the
        // line, clear half a block away.
        string alphaAt = "const c = document.getElementById('overlay'), q = hl.toScreen(arguments[0], 550);" +
                         "return c.getContext('2d').getImageData(Math.round(q.x), Math.round(q.y), 1, 1).data[3];";
        Browser.WaitFor(() => Convert.ToInt32(browser.Js(alphaAt, 500)) > 100, "the layer line at θ index 500");
        Assert.Equal(0, Convert.ToInt32(browser.Js(alphaAt, 510.5)));
    }

    private static bool FullyLoaded(Browser b) =>
        b.Js("return !!(window.hl && hl.viewer.world.getItemCount() > 0 && hl.viewer.world.getItemAt(0).getFullyLoaded());") is true;

    private static (byte R, byte G, byte B) Viridis(double t)
    {
        var c = new ScottPlot.Colormaps.Viridis().GetColor(t);
        return (c.R, c.G, c.B);
    }

    private static (byte R, byte G, byte B) PixelAt(Browser b, int x, int y)
    {
        using var bmp = b.Screenshot();
        var c = bmp.GetPixel(x, y);
        return (c.Red, c.Green, c.Blue);
    }

    private static bool Near((byte R, byte G, byte B) a, (byte R, byte G, byte B) e) =>
        Math.Abs(a.R - e.R) <= 3 && Math.Abs(a.G - e.G) <= 3 && Math.Abs(a.B - e.B) <= 3;
}
