namespace HessianLab.Plots;

/// <summary>Options of <see cref="BlockMapPlot"/>.</summary>
public sealed record BlockMapOptions
{
    /// <summary>Title, e.g. "mean |H| per neuron block, H_WW".</summary>
    public string Title { get; init; } = "mean |H| per block";

    /// <summary>Label of the colour bar (default "mean |H|").</summary>
    public string ColorbarLabel { get; init; } = "mean |H|";

    /// <summary>Row tick labels (one per row), or null for indices.</summary>
    public IReadOnlyList<string>? RowLabels { get; init; }

    /// <summary>Column tick labels, or null for indices (or the row labels when the map is square and those are given).</summary>
    public IReadOnlyList<string>? ColumnLabels { get; init; }

    /// <summary>Label of both axes (e.g. "first θ index of the chunk"), or null for none.</summary>
    public string? AxisLabel { get; init; }

    /// <summary>Write each value in its cell; null (default): when the map is at most <see cref="AnnotateUpTo"/> per side.</summary>
    public bool? Annotate { get; init; }

    /// <summary>Largest side for automatic annotation (default 16).</summary>
    public int AnnotateUpTo { get; init; } = 16;

    /// <summary>log10 colour scale (the numbers written stay the raw values).</summary>
    public bool Log { get; init; }

    /// <summary>Signed values on a diverging scale symmetric about 0 (Balance: blue below 0, white at 0, red above; e.g. the
    /// paper's averaged map of signed H). Not combinable with <see cref="Log"/>.</summary>
    public bool Signed { get; init; }

    /// <summary>Image width in pixels (default 800).</summary>
    public int Width { get; init; } = 800;

    /// <summary>Image height in pixels (default 700).</summary>
    public int Height { get; init; } = 700;
}
