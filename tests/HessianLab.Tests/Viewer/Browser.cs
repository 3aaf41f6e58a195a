using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using SkiaSharp;

namespace HessianLab.Tests.Viewer;

/// <summary>Headless Debian Chromium driven by Selenium through Debian's chromedriver (no browser download).</summary>
public sealed class Browser : IDisposable
{
    /// <summary>The driver.</summary>
    public ChromeDriver Driver { get; }

    public Browser(int width = 1280, int height = 900)
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromiumFactAttribute.Driver)!, Path.GetFileName(ChromiumFactAttribute.Driver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumFactAttribute.Browser };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            $"--window-size={width},{height}", "--force-device-scale-factor=1", "--hide-scrollbars");
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    /// <summary>Runs a script and returns its value.</summary>
    public object? Js(string script, params object[] args) => Driver.ExecuteScript(script, args);

    /// <summary>Polls <paramref name="condition"/> until true or the timeout, then fails with <paramref name="what"/>.</summary>
    public static void WaitFor(Func<bool> condition, string what, double seconds = 30)
    {
        var end = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > end) Assert.Fail($"timed out after {seconds} s waiting for {what}");
            Thread.Sleep(100);
        }
    }

    /// <summary>A screenshot of the window, decoded.</summary>
    public SKBitmap Screenshot(string? saveTo = null)
    {
        var shot = ((ITakesScreenshot)Driver).GetScreenshot();
        if (saveTo is not null) File.WriteAllBytes(saveTo, shot.AsByteArray);
        return SKBitmap.Decode(shot.AsByteArray);
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }
}
