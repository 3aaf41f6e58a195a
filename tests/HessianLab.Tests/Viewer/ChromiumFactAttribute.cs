namespace HessianLab.Tests.Viewer;

/// <summary>A fact that needs Debian's headless Chromium and its matching driver; skipped, with the reason and the
/// install command, where they are absent (CI installs them in .ci/run).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>The browser.</summary>
    public const string Browser = "/usr/bin/chromium";

    /// <summary>The WebDriver of the same version.</summary>
    public const string Driver = "/usr/bin/chromedriver";

    /// <summary>Whether both are installed.</summary>
    public static bool Available => File.Exists(Browser) && File.Exists(Driver);

    public ChromiumFactAttribute()
    {
        if (!Available)
            Skip = $"needs {Browser} and {Driver} (Debian: apt-get install chromium chromium-driver; .ci/run installs them)";
    }
}
