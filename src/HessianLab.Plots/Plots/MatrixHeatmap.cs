using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Plots;

/// <summary>|H| heatmaps in the talk's style: row 0 at the top, linear scale with vmax = max|H|/k or log10
/// scale, neuron (minor) and layer (major) grid lines, a colour bar, and max-pooling for large matrices.</summary>
/// <remarks>
/// Pooling: a matrix larger than <see cref="HeatmapOptions.MaxCells"/> per side is reduced to max |H| over
/// f × f blocks (f stated in the title) by <see cref="PooledAbsMax"/>, in pieces of rows, so an 8000² or
/// 12000² matrix is drawn without a per-entry loop or a second copy of the matrix.
/// ScottPlot 5.1.59 draws row 0 of its intensity array at the top; the y axis runs from 0 down to -rows
/// and its labels show the θ index, so the picture reads like the matrix.
/// </remarks>
public static partial class MatrixHeatmap
{
    /// <summary>Pools |<paramref name="matrix"/>| and maps it to colour values, without drawing.</summary>
    /// <exception cref="ArgumentException">Not a 2-D matrix, or invalid options.</exception>
    public static HeatmapData Prepare(Tensor matrix, HeatmapOptions options)
    {
        options.Validated();
        if (matrix.dim() != 2 || matrix.shape[0] == 0 || matrix.shape[1] == 0)
            throw new ArgumentException($"a heatmap needs a non-empty 2-D matrix, got shape [{string.Join(",", matrix.shape)}]");
        var pooled = new PooledAbsMax(0, matrix.shape[0], 0, matrix.shape[1], options.MaxCells);
        pooled.AddRows(0, matrix);
        return FromPooled(pooled, options);
    }

    /// <summary>Maps a pooled |matrix| to colour values for <paramref name="options"/> (the pooled data is not copied:
    /// one pooled map can be drawn with several options, e.g. linear and log).</summary>
    /// <exception cref="ArgumentException">Invalid options, or options whose MaxCells gives another pool factor.</exception>
    public static HeatmapData FromPooled(PooledAbsMax pooled, HeatmapOptions options)
    {
        options.Validated();
        int f = (int)Math.Max(1, (Math.Max(pooled.Rows, pooled.Columns) + options.MaxCells - 1) / options.MaxCells);
        if (f != pooled.Factor) throw new ArgumentException($"the map was pooled by {pooled.Factor}, these options pool by {f}", nameof(options));
        double max = 0;
        foreach (double v in pooled.Pooled) max = Math.Max(max, double.IsNaN(v) ? max : v);
        return ToDisplay(pooled.Pooled, pooled.Rows, pooled.Columns, f, max, options);
    }

    /// <summary>Draws |<paramref name="matrix"/>| and saves it as a PNG (atomically).</summary>
    /// <returns>The data that was drawn.</returns>
    public static HeatmapData Save(string path, Tensor matrix, HeatmapOptions options)
    {
        var data = Prepare(matrix, options);
        var plot = BuildPlot(data, options);
        PlotFiles.SavePng(plot, path, options.Width, options.Height);
        return data;
    }

    internal static HeatmapData ToDisplay(double[,] pooled, long rows, long cols, int f, double max, HeatmapOptions o)
    {
        double lo, hi;
        if (o.Scale == HeatmapScale.Linear)
        {
            lo = 0;
            hi = o.Vmax ?? (max > 0 ? max / o.VmaxDivisor : 1);
        }
        else
        {
            hi = max > 0 ? Math.Log10(max) : 0;
            lo = hi - o.LogDecades;
        }
        int r = pooled.GetLength(0), c = pooled.GetLength(1);
        var display = new double[r, c];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++)
            {
                double v = o.Scale == HeatmapScale.Linear ? pooled[i, j] : (pooled[i, j] > 0 ? Math.Log10(pooled[i, j]) : lo);
                display[i, j] = Math.Clamp(v, lo, hi);
            }
        return new HeatmapData(pooled, display, rows, cols, f, max, lo, hi, o.Scale);
    }
}
