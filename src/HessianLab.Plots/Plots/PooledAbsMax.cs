using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Plots;

/// <summary>max |H| over f × f cells of a region of a matrix, accumulated from bands of rows, so a matrix larger than
/// memory is pooled as it is streamed. The pooling is the one <see cref="MatrixHeatmap.Prepare"/> applies
/// (f = ⌈max(rows, cols) / MaxCells⌉, cells anchored at the region's top left, partial cells at the edges), and the
/// maximum is exact, so the result equals Prepare's on the whole region.</summary>
public sealed class PooledAbsMax
{
    private readonly long _row0, _col0;

    /// <summary>Rows of the region.</summary>
    public long Rows { get; }

    /// <summary>Columns of the region.</summary>
    public long Columns { get; }

    /// <summary>f.</summary>
    public int Factor { get; }

    /// <summary>The pooled maxima so far ([0, 0] = the region's top left cell).</summary>
    public double[,] Pooled { get; }

    /// <summary>Region [row0, row0 + rows) × [col0, col0 + cols), at most <paramref name="maxCells"/> cells a side.</summary>
    /// <exception cref="ArgumentException">An empty region or maxCells &lt; 1.</exception>
    public PooledAbsMax(long row0, long rows, long col0, long cols, int maxCells)
    {
        if (rows <= 0 || cols <= 0) throw new ArgumentException($"an empty {rows}×{cols} region cannot be pooled", nameof(rows));
        if (maxCells < 1) throw new ArgumentException($"max cells must be ≥ 1, got {maxCells}", nameof(maxCells));
        (_row0, _col0, Rows, Columns) = (row0, col0, rows, cols);
        Factor = (int)Math.Max(1, (Math.Max(rows, cols) + maxCells - 1) / maxCells);
        Pooled = new double[(rows + Factor - 1) / Factor, (cols + Factor - 1) / Factor];
    }

    /// <summary>Adds rows [<paramref name="rowStart"/>, rowStart + band.shape[0]) of the matrix (all its columns);
    /// rows outside the region are ignored.</summary>
    public void AddRows(long rowStart, Tensor band)
    {
        long lo = Math.Max(rowStart, _row0), hi = Math.Min(rowStart + band.shape[0], _row0 + Rows);
        if (lo >= hi) return;
        using var noGrad = torch.no_grad();
        int f = Factor, outC = Pooled.GetLength(1);
        for (long r = lo; r < hi;)
        {
            long cell = (r - _row0) / f;
            long next = Math.Min(hi, _row0 + (cell + 1) * f);
            using var scope = torch.NewDisposeScope();
            var rowMax = band.detach().narrow(0, r - rowStart, next - r).narrow(1, _col0, Columns).abs().amax(0).to_type(ScalarType.Float64);
            if (f > 1)
                rowMax = nn.functional.max_pool1d(rowMax.view(1, 1, Columns), f, f, ceil_mode: true).view(-1);
            var v = rowMax.cpu().contiguous().data<double>().ToArray();
            for (int j = 0; j < outC; j++) Pooled[cell, j] = Math.Max(Pooled[cell, j], v[j]);
            r = next;
        }
    }
}
