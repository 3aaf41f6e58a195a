using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Plots;

/// <summary>|H| heatmaps in the talk's style: row 0 at the top, linear scale with vmax = max|H|/k or log10
/// scale, neuron (minor) and layer (major) grid lines, a colour bar, and max-pooling for large matrices.</summary>
/// <remarks>
/// Pooling: a matrix larger than <see cref="HeatmapOptions.MaxCells"/> per side is reduced to max |H| over
/// f × f blocks (f stated in the title), computed in row chunks with <c>max_pool2d</c>, so an 8000² or
/// 12000² matrix is drawn without a per-entry loop or a second copy of the matrix.
/// ScottPlot 5.1.59 draws row 0 of its intensity array at the top; the y axis runs from 0 down to -rows
/// and its labels show the θ index, so the picture reads like the matrix.
/// </remarks>
public static partial class MatrixHeatmap
{
    private const long ChunkElements = 1L << 24;

    /// <summary>Pools |<paramref name="matrix"/>| and maps it to colour values, without drawing.</summary>
    /// <exception cref="ArgumentException">Not a 2-D matrix, or invalid options.</exception>
    public static HeatmapData Prepare(Tensor matrix, HeatmapOptions options)
    {
        options.Validated();
        if (matrix.dim() != 2 || matrix.shape[0] == 0 || matrix.shape[1] == 0)
            throw new ArgumentException($"a heatmap needs a non-empty 2-D matrix, got shape [{string.Join(",", matrix.shape)}]");
        long rows = matrix.shape[0], cols = matrix.shape[1];
        int f = (int)Math.Max(1, (Math.Max(rows, cols) + options.MaxCells - 1) / options.MaxCells);
        int outR = (int)((rows + f - 1) / f), outC = (int)((cols + f - 1) / f);
        var pooled = new double[outR, outC];
        using (torch.no_grad())
        {
            long rowsPerChunk = Math.Max(f, ChunkElements / cols / f * f);
            for (long r0 = 0; r0 < rows; r0 += rowsPerChunk)
            {
                using var scope = torch.NewDisposeScope();
                long n = Math.Min(rowsPerChunk, rows - r0);
                var a = matrix.detach().narrow(0, r0, n).abs().to_type(ScalarType.Float64);
                if (f > 1)
                    a = nn.functional.max_pool2d(a.unsqueeze(0).unsqueeze(0), new long[] { f, f }, new long[] { f, f }, ceil_mode: true)
                        .squeeze(0).squeeze(0);
                var data = a.cpu().contiguous().data<double>().ToArray();
                int pr0 = (int)(r0 / f), pr = (int)a.shape[0];
                for (int i = 0; i < pr; i++)
                    for (int j = 0; j < outC; j++) pooled[pr0 + i, j] = data[(long)i * outC + j];
            }
        }
        double max = 0;
        foreach (double v in pooled) max = Math.Max(max, double.IsNaN(v) ? max : v);
        return ToDisplay(pooled, rows, cols, f, max, options);
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

    private static HeatmapData ToDisplay(double[,] pooled, long rows, long cols, int f, double max, HeatmapOptions o)
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
