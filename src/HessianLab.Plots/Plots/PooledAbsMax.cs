using System.Numerics;
using System.Runtime.CompilerServices;
using HessianLab.Core;
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
    /// <remarks>A contiguous CPU band is read in place, one pass, cell rows in parallel (<see cref="AddRowsInPlace"/>).
    /// Otherwise whole cells of rows are reduced together: the band's rows are viewed as [cells, f, columns] and
    /// reduced by amax over the f rows (a vertical, vectorized max), then the columns as [cells, columns/f, f] — one
    /// pass over the data, no per-cell loop. Only a partial cell at either end of the band is done on its own.</remarks>
    public void AddRows(long rowStart, Tensor band)
    {
        long lo = Math.Max(rowStart, _row0), hi = Math.Min(rowStart + band.shape[0], _row0 + Rows);
        if (lo >= hi) return;
        if (TensorMemory.IsContiguousCpuFloat(band))
        {
            AddRowsInPlace(rowStart, band, lo, hi);
            return;
        }
        using var noGrad = torch.no_grad();
        int f = Factor;
        long rowsPerPiece = Math.Max(f, PieceElements / Math.Max(1, Columns) / f * f);
        for (long r = lo; r < hi;)
        {
            long cell = (r - _row0) / f, cellStart = _row0 + cell * f;
            // A partial cell (band edge) alone; otherwise as many whole cells as fit in one piece.
            long next = r != cellStart || hi - r < f ? Math.Min(hi, cellStart + f) : r + Math.Min(rowsPerPiece, (hi - r) / f * f);
            using var scope = torch.NewDisposeScope();
            var rows = band.detach().narrow(0, r - rowStart, next - r).narrow(1, _col0, Columns);
            long cells = r == cellStart && (next - r) % f == 0 ? (next - r) / f : 1;
            var rowMax = rows.abs().view(cells, -1, Columns).amax(1);                          // cells × columns
            Merge(cell, ColumnCells(rowMax, cells));
            r = next;
        }
    }

    // 8 MB pieces: small enough for glibc to reuse (below its 32 MB mmap threshold) instead of faulting in fresh pages
    // for every piece, which costs more than the reduction itself on this machine (docs/performance.md).
    private const long PieceElements = 1L << 20;

    /// <summary>[cells, Columns] → max over each group of f columns (the last group may be partial), as float64.</summary>
    private double[] ColumnCells(Tensor rowMax, long cells)
    {
        int f = Factor;
        long whole = Columns / f * f;
        var pooled = whole > 0 ? rowMax.narrow(1, 0, whole).view(cells, whole / f, f).amax(2) : null;
        if (whole < Columns)
        {
            var tail = rowMax.narrow(1, whole, Columns - whole).amax(new long[] { 1 }, keepdim: true);
            pooled = pooled is null ? tail : torch.cat(new[] { pooled, tail }, 1);
        }
        return pooled!.to_type(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
    }

    private void Merge(long firstCell, double[] values)
    {
        int outC = Pooled.GetLength(1);
        for (int i = 0; i < values.Length / outC; i++)
            for (int j = 0; j < outC; j++)
            {
                ref double cell = ref Pooled[firstCell + i, j];
                double v = values[(long)i * outC + j];
                if (v > cell || double.IsNaN(v)) cell = v;
            }
    }
    /// <summary>Rows [lo, hi) of a contiguous CPU float64/float32 band read in place, cell rows in parallel: each cell row
    /// (f matrix rows) takes the column-wise max |x| of its rows in SIMD lanes, then the max over each f-column piece, and
    /// merges it into its cells (NaN marks a cell, as amax does: Vector.Max and Math.Max propagate NaN).</summary>
    private unsafe void AddRowsInPlace(long rowStart, Tensor band, long lo, long hi)
    {
        int f = Factor;
        long width = band.shape[1];
        long address = TensorMemory.FirstElementAddress(band);
        bool single = band.dtype == ScalarType.Float32;
        long first = (lo - _row0) / f, last = (hi - 1 - _row0) / f;
        Parallel.For(first, last + 1, () => new double[Columns], (cell, _, columnMax) =>
        {
            PoolCellRow(cell, Math.Max(lo, _row0 + cell * f) - rowStart, Math.Min(hi, _row0 + (cell + 1) * f) - rowStart,
                address, width, single, columnMax);
            return columnMax;
        }, _ => { });
        GC.KeepAlive(band);
    }

    /// <summary>Merges band rows [r0, r1) into cell row <paramref name="cell"/>, using <paramref name="columnMax"/>
    /// (Columns) as scratch. Compiled optimized from the first call: tiered compilation would run its first ~100 ms
    /// unoptimized, longer than the whole pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void PoolCellRow(long cell, long r0, long r1, long address, long width, bool single, double[] columnMax)
    {
        Array.Clear(columnMax);
        int w = Vector<double>.Count, cols = (int)Columns;
        fixed (double* m = columnMax)
            for (long r = r0; r < r1; r++)
            {
                long offset = r * width + _col0;
                int j = 0;
                if (single)
                {
                    var x = (float*)address + offset;
                    for (; j <= cols - 2 * w; j += 2 * w)
                    {
                        Vector.Widen(Unsafe.ReadUnaligned<Vector<float>>(x + j), out var a, out var b);
                        Unsafe.WriteUnaligned(m + j, Vector.Max(Unsafe.ReadUnaligned<Vector<double>>(m + j), Vector.Abs(a)));
                        Unsafe.WriteUnaligned(m + j + w, Vector.Max(Unsafe.ReadUnaligned<Vector<double>>(m + j + w), Vector.Abs(b)));
                    }
                    for (; j < cols; j++) m[j] = Math.Max(m[j], Math.Abs((double)x[j]));
                }
                else
                {
                    var x = (double*)address + offset;
                    for (; j <= cols - w; j += w)
                        Unsafe.WriteUnaligned(m + j, Vector.Max(Unsafe.ReadUnaligned<Vector<double>>(m + j), Vector.Abs(Unsafe.ReadUnaligned<Vector<double>>(x + j))));
                    for (; j < cols; j++) m[j] = Math.Max(m[j], Math.Abs(x[j]));
                }
            }
        int f = Factor, cells = Pooled.GetLength(1);
        for (int c = 0; c < cells; c++)
        {
            double v = 0;
            for (int j = c * f, end = Math.Min(cols, j + f); j < end; j++) v = Math.Max(v, columnMax[j]);
            ref double target = ref Pooled[cell, c];
            if (v > target || double.IsNaN(v)) target = v;
        }
    }
}
