namespace HessianLab.Plots;

/// <summary>What a heatmap draws, before any colour: the pooled |H| and the values mapped to colours.</summary>
/// <param name="Pooled">max |H| over each f × f block of entries; [0, 0] is the matrix's row 0, column 0
/// and is drawn at the TOP left.</param>
/// <param name="Display">The values given to the colour map: Pooled clamped to [0, vmax] (linear) or
/// log10(Pooled) clamped to [log10 max - decades, log10 max] (log).</param>
/// <param name="Rows">Rows of the matrix.</param>
/// <param name="Columns">Columns of the matrix.</param>
/// <param name="PoolFactor">f (1: no pooling).</param>
/// <param name="Max">max |H|.</param>
/// <param name="ColorMin">Value at the bottom of the colour bar.</param>
/// <param name="ColorMax">Value at the top of the colour bar (vmax, or log10 max).</param>
/// <param name="Scale">The colour scale.</param>
public sealed record HeatmapData(double[,] Pooled, double[,] Display, long Rows, long Columns, int PoolFactor,
    double Max, double ColorMin, double ColorMax, HeatmapScale Scale);
