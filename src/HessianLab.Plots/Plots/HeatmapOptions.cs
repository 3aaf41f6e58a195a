using HessianLab.Models;

namespace HessianLab.Plots;

/// <summary>How <see cref="MatrixHeatmap"/> draws |H| (immutable; build with <c>with</c>).</summary>
public sealed record HeatmapOptions
{
    /// <summary>First title line, e.g. "H_WW at init"; the size, scale and pooling are added on a second line.</summary>
    public string Title { get; init; } = "|H|";

    /// <summary>Name of the drawn quantity in the subtitle and on the colour bar (default "|H|"; e.g. "|P|" for a preconditioner).</summary>
    public string Quantity { get; init; } = "|H|";

    /// <summary>Linear (default) or log10 colour scale.</summary>
    public HeatmapScale Scale { get; init; } = HeatmapScale.Linear;

    /// <summary>k in vmax = max|H| / k for the linear scale (docs/experiments.md: 100 for the full matrix,
    /// 10 for H_WW, 100 for H_VV). Default 1.</summary>
    public double VmaxDivisor { get; init; } = 1;

    /// <summary>A fixed vmax of the linear scale, replacing max|H| / <see cref="VmaxDivisor"/>: one colour scale shared by
    /// several panels (e.g. H_WV along training on step 0's scale) so that fading shows. Null (default): max|H| / k per picture.</summary>
    public double? Vmax { get; init; }

    /// <summary>Where a fixed <see cref="Vmax"/> comes from, shown in the subtitle (e.g. "shared: max/10 of step 0").</summary>
    public string? VmaxNote { get; init; }

    /// <summary>Colormap name: "viridis" (default) or "cividis" (the authors' pictures; <see cref="HeatmapColormaps"/>).</summary>
    public string Colormap { get; init; } = "viridis";

    /// <summary>Decades shown by the log scale below log10 max|H| (default 6).</summary>
    public double LogDecades { get; init; } = 6;

    /// <summary>Largest number of drawn cells per side; larger matrices are max-pooled over f × f
    /// entries, f = ⌈max(rows, cols) / MaxCells⌉ (default 800).</summary>
    public int MaxCells { get; init; } = 800;

    /// <summary>Image width in pixels (default 900).</summary>
    public int Width { get; init; } = 900;

    /// <summary>Image height in pixels (default 800).</summary>
    public int Height { get; init; } = 800;

    /// <summary>θ index of the matrix's row 0 (for a sub-block such as H_VV; default 0).</summary>
    public long RowStart { get; init; }

    /// <summary>θ index of the matrix's column 0 (default 0).</summary>
    public long ColumnStart { get; init; }

    /// <summary>Minor grid lines (e.g. neuron-block boundaries), as absolute θ indices. Omitted, with a note in
    /// the title, when consecutive lines would be closer than <see cref="MinMinorSpacingPixels"/>.</summary>
    public IReadOnlyList<long> MinorLines { get; init; } = Array.Empty<long>();

    /// <summary>Major grid lines (e.g. layer boundaries), as absolute θ indices.</summary>
    public IReadOnlyList<long> MajorLines { get; init; } = Array.Empty<long>();

    /// <summary>Smallest spacing, in pixels, at which minor lines are still drawn (default 4).</summary>
    public double MinMinorSpacingPixels { get; init; } = 4;

    /// <summary>Neuron-block boundaries as minor lines and layer boundaries as major lines, from a layout.</summary>
    public HeatmapOptions WithLayoutGrid(ParameterLayout layout) => this with
    {
        MinorLines = layout.NeuronBlocks().Select(b => b.Start).Skip(1).ToList(),
        MajorLines = layout.LayerBlocks().Select(b => b.Start).Skip(1).ToList(),
    };

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A non-positive size, divisor or decade count.</exception>
    public HeatmapOptions Validated()
    {
        if (!(VmaxDivisor > 0)) throw new ArgumentException($"heatmap vmax divisor k must be > 0, got {VmaxDivisor}");
        if (Vmax is { } v && !(v > 0 && double.IsFinite(v))) throw new ArgumentException($"heatmap vmax must be a positive finite number, got {v}", nameof(Vmax));
        HeatmapColormaps.Of(Colormap);
        if (!(LogDecades > 0)) throw new ArgumentException($"heatmap log decades must be > 0, got {LogDecades}");
        if (MaxCells <= 0 || Width < 100 || Height < 100)
            throw new ArgumentException($"heatmap size: MaxCells {MaxCells} must be > 0 and the image at least 100×100, got {Width}×{Height}");
        return this;
    }
}
