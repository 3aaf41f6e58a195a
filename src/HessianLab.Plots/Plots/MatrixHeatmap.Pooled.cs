namespace HessianLab.Plots;

public static partial class MatrixHeatmap
{
    /// <summary>Draws a matrix already pooled band by band (<see cref="PooledAbsMax"/>) exactly as
    /// <see cref="Save"/> draws the whole matrix, and saves it as a PNG (atomically).</summary>
    /// <exception cref="ArgumentException">Invalid options, or options whose MaxCells gives another pool factor.</exception>
    public static HeatmapData SavePooled(string path, PooledAbsMax pooled, HeatmapOptions options)
    {
        var data = FromPooled(pooled, options);
        PlotFiles.SavePng(BuildPlot(data, options), path, options.Width, options.Height);
        return data;
    }
}
