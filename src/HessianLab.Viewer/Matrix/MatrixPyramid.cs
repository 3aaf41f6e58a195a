using System.Buffers;

namespace HessianLab.Viewer.Matrix;

/// <summary>The zoom levels of a matrix as a deep-zoom image: level L (0 … MaxLevel) shows the matrix downsampled
/// by f = 2^(MaxLevel − L), so the deepest level is the matrix itself, one pixel per entry.</summary>
/// <remarks>
/// Pixel (x, y) of level L covers rows [y·f, min(R, (y+1)·f)) and columns [x·f, min(C, (x+1)·f)) — the level sizes
/// ⌈C/f⌉ × ⌈R/f⌉ are OpenSeadragon's. Levels whose side is at most <c>cacheSide</c> are pooled once in a single
/// parallel pass over the memory map and kept (two float32 numbers per pixel: ≈ 43 MB at cacheSide 2048); finer
/// levels are pooled from the map on request (a 256² tile reads at most (256·f)² entries there).
/// </remarks>
public sealed class MatrixPyramid
{
    private readonly NpyMatrix _m;
    private readonly PooledLevel[] _cached; // index 0 = finest cached level
    private readonly int _firstCachedFactor;

    /// <summary>Deepest level index (⌈log2 max(R, C)⌉).</summary>
    public int MaxLevel { get; }

    /// <summary>max |H| over the matrix.</summary>
    public double MaxAbs { get; }

    /// <summary>Bytes held by the cached levels.</summary>
    public long CachedBytes => _cached.Sum(l => l.Bytes);

    /// <summary>Builds the cached levels (one pass over the matrix).</summary>
    public MatrixPyramid(NpyMatrix matrix, int cacheSide = 2048)
    {
        if (cacheSide < 16) throw new ArgumentOutOfRangeException(nameof(cacheSide), cacheSide, "cacheSide must be ≥ 16");
        _m = matrix;
        int side = Math.Max(matrix.Rows, matrix.Cols);
        MaxLevel = side <= 1 ? 0 : (int)Math.Ceiling(Math.Log2(side));
        int f0 = 2;
        while ((side + f0 - 1) / f0 > cacheSide) f0 *= 2;
        _firstCachedFactor = f0;
        var levels = new List<PooledLevel> { Pool(matrix, f0) };
        while (levels[^1].Width > 1 || levels[^1].Height > 1) levels.Add(levels[^1].Coarsen());
        _cached = levels.ToArray();
        MaxAbs = Math.Abs(_cached[^1].MaxAbs[0]);
    }

    /// <summary>Downsampling factor of a level.</summary>
    public int Factor(int level) => 1 << (MaxLevel - level);

    /// <summary>Width and height in pixels of a level.</summary>
    public (int Width, int Height) Size(int level)
    {
        int f = Factor(level);
        return ((_m.Cols + f - 1) / f, (_m.Rows + f - 1) / f);
    }

    /// <summary>Writes the pooled values of the pixels [x0, x0+w) × [y0, y0+h) of <paramref name="level"/> into
    /// <paramref name="dest"/> (row-major h×w).</summary>
    public void Fill(int level, int x0, int y0, int w, int h, Pooling pooling, Span<double> dest)
    {
        if (level < 0 || level > MaxLevel) throw new ArgumentOutOfRangeException(nameof(level), level, $"level must be in [0, {MaxLevel}]");
        var (lw, lh) = Size(level);
        if (x0 < 0 || y0 < 0 || w <= 0 || h <= 0 || x0 + w > lw || y0 + h > lh) throw new ArgumentOutOfRangeException(nameof(x0), $"pixels [{x0}, {x0 + w})×[{y0}, {y0 + h}) outside level {level} ({lw}×{lh})");
        if (dest.Length < w * h) throw new ArgumentException("destination too small", nameof(dest));
        int f = Factor(level);
        if (f >= _firstCachedFactor) FromCache(_cached[System.Numerics.BitOperations.Log2((uint)(f / _firstCachedFactor))], x0, y0, w, h, pooling, dest);
        else FromMap(f, x0, y0, w, h, pooling, dest);
    }

    private void FromCache(PooledLevel l, int x0, int y0, int w, int h, Pooling pooling, Span<double> dest)
    {
        int f = l.Factor;
        for (int y = 0; y < h; y++)
        {
            int py = y0 + y;
            int rows = Math.Min(_m.Rows, (py + 1) * f) - py * f;
            for (int x = 0; x < w; x++)
            {
                int px = x0 + x;
                dest[y * w + x] = pooling == Pooling.Max ? l.MaxAbs[py * l.Width + px]
                    : l.Sum[py * l.Width + px] / ((double)rows * (Math.Min(_m.Cols, (px + 1) * f) - px * f));
            }
        }
    }

    private void FromMap(int f, int x0, int y0, int w, int h, Pooling pooling, Span<double> dest)
    {
        int c0 = x0 * f, c1 = Math.Min(_m.Cols, (x0 + w) * f);
        var row = ArrayPool<double>.Shared.Rent(c1 - c0);
        try
        {
            for (int y = 0; y < h; y++)
            {
                var d = dest.Slice(y * w, w);
                d.Clear();
                int r0 = (y0 + y) * f, r1 = Math.Min(_m.Rows, r0 + f);
                for (int r = r0; r < r1; r++)
                {
                    _m.ReadRow(r, c0, row.AsSpan(0, c1 - c0));
                    for (int k = 0; k < c1 - c0; k++)
                    {
                        int x = k / f;
                        double v = row[k];
                        if (pooling == Pooling.Mean) d[x] += v;
                        else if (Math.Abs(v) > Math.Abs(d[x]) || double.IsNaN(v)) d[x] = v;
                    }
                }
                if (pooling == Pooling.Mean)
                    for (int x = 0; x < w; x++)
                        d[x] /= (double)(r1 - r0) * (Math.Min(c1, c0 + (x + 1) * f) - (c0 + x * f));
            }
        }
        finally { ArrayPool<double>.Shared.Return(row); }
    }

    private static PooledLevel Pool(NpyMatrix m, int f)
    {
        int w = (m.Cols + f - 1) / f, h = (m.Rows + f - 1) / f;
        var max = new float[w * h];
        var sum = new float[w * h];
        Parallel.For(0, h, () => new double[m.Cols], (y, _, row) =>
        {
            var s = new double[w];
            var mx = new double[w];
            for (int r = y * f; r < Math.Min(m.Rows, (y + 1) * f); r++)
            {
                m.ReadRow(r, 0, row);
                for (int c = 0; c < m.Cols; c++)
                {
                    int x = c / f;
                    double v = row[c];
                    s[x] += v;
                    if (Math.Abs(v) > Math.Abs(mx[x]) || double.IsNaN(v)) mx[x] = v;
                }
            }
            for (int x = 0; x < w; x++) { max[y * w + x] = (float)mx[x]; sum[y * w + x] = (float)s[x]; }
            return row;
        }, _ => { });
        return new PooledLevel(f, w, h, max, sum);
    }
}
