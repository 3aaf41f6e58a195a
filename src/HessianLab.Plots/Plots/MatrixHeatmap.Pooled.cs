namespace HessianLab.Plots;

public static partial class MatrixHeatmap
{
    /// <summary>Draws a matrix already pooled band by band (<see cref="PooledAbsMax"/>) exactly as
    /// <see cref="Save"/> draws the whole matrix, and saves it as a PNG (atomically).</summary>
    /// <exception cref="ArgumentException">Invalid options, or options whose MaxCells gives another pool factor.</exception>
    public static HeatmapData SavePooled(string path, PooledAbsMax pooled, HeatmapOptions options)
    {
        options.Validated();
        int f = (int)Math.Max(1, (Math.Max(pooled.Rows, pooled.Columns) + options.MaxCells - 1) / options.MaxCells);
        if (f != pooled.Factor) throw new ArgumentException($"the map was pooled by {pooled.Factor}, these options pool by {f}", nameof(options));
        double max = 0;
        foreach (double v in pooled.Pooled) max = Math.Max(max, double.IsNaN(v) ? max : v);
        var data = ToDisplay((double[,])pooled.Pooled.Clone(), pooled.Rows, pooled.Columns, f, max, options);
        PlotFiles.SavePng(BuildPlot(data, options), path, options.Width, options.Height);
        return data;
    }
}
