namespace HessianLab.Plots;

/// <summary>Options of <see cref="LinePlot"/> and <see cref="LogLogFitPlot"/>.</summary>
public sealed record LinePlotOptions
{
    /// <summary>Title.</summary>
    public string Title { get; init; } = "";

    /// <summary>x-axis label.</summary>
    public string XLabel { get; init; } = "";

    /// <summary>y-axis label.</summary>
    public string YLabel { get; init; } = "";

    /// <summary>log10 y axis (non-positive values are left out). Ignored by <see cref="LogLogFitPlot"/> (always log-log).</summary>
    public bool LogY { get; init; }

    /// <summary>log10 x axis (non-positive values are left out).</summary>
    public bool LogX { get; init; }

    /// <summary>Draw a marker at every point (default: only when a series has ≤ 60 points).</summary>
    public bool? Markers { get; init; }

    /// <summary>Only whole-number ticks on a linear x axis (e.g. layer distance).</summary>
    public bool IntegerX { get; init; }

    /// <summary>Image width in pixels (default 900).</summary>
    public int Width { get; init; } = 900;

    /// <summary>Image height in pixels (default 600).</summary>
    public int Height { get; init; } = 600;
}
