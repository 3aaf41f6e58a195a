using ScottPlot;

namespace HessianLab.Plots;

/// <summary>The colormaps a heatmap can be drawn in, by name (<see cref="HeatmapOptions.Colormap"/>).</summary>
public static class HeatmapColormaps
{
    /// <summary>The known names.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { "viridis", "cividis" };

    /// <summary>"viridis" (ScottPlot's) or "cividis" (matplotlib's table, <see cref="CividisColormap"/>), case-insensitive.</summary>
    /// <exception cref="ArgumentException">Any other name.</exception>
    public static IColormap Of(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "viridis" => new ScottPlot.Colormaps.Viridis(),
        "cividis" => new CividisColormap(),
        _ => throw new ArgumentException($"unknown colormap '{name}'; use {string.Join(" or ", Names)}", nameof(name)),
    };
}
