using System.Buffers;

namespace HessianLab.Viewer.Matrix;

/// <summary>The zoom levels of a matrix as a deep-zoom image: level L (0 … MaxLevel) shows the matrix downsampled
/// by f = 2^(MaxLevel − L), so the deepest level is the matrix itself, one pixel per entry.</summary>
/// <remarks>
/// Pixel (x, y) of level L covers rows [y·f, min(R, (y+1)·f)) and columns [x·f, min(C, (x+1)·f)) — the level sizes
/// ⌈C/f⌉ × ⌈R/f⌉ are OpenSeadragon's. The finest level whose pyramid fits <c>cacheBytes</c> (two float32 numbers per
/// pixel, ×4/3 for the coarser levels; f ≥ 2) and all coarser ones are pooled once in a single parallel pass over the
/// memory map and kept; finer levels are pooled from the map per tile (a 256² tile at factor f reads (256·f)² entries).
/// With the default 96 MB: P = 8000 caches from f = 4 (43 MB), P = 20,000 from f = 8 (67 MB).
/// </remarks>
public sealed class MatrixPyramid
{
    private readonly NpyMatrix _m;
    private readonly PooledLevel[] _cached; // index 0 = finest cached level

    /// <summary>Factor f of the finest cached level (≥ 2); finer levels are pooled from the map per tile.</summary>
    public int FirstCachedFactor { get; }

    /// <summary>Deepest level index (⌈log2 max(R, C)⌉).</summary>
    public int MaxLevel { get; }

    /// <summary>max |H| over the matrix.</summary>
    public double MaxAbs { get; }

    /// <summary>Bytes held by the cached levels.</summary>
    public long CachedBytes => _cached.Sum(l => l.Bytes);

    /// <summary>Builds the cached levels (one pass over the matrix) within <paramref name="cacheBytes"/>.</summary>
    public MatrixPyramid(NpyMatrix matrix, long cacheBytes = 96L << 20)
    {
        if (cacheBytes < 0) throw new ArgumentOutOfRangeException(nameof(cacheBytes), cacheBytes, "cacheBytes must be ≥ 0");
        _m = matrix;
        int side = Math.Max(matrix.Rows, matrix.Cols);
        MaxLevel = side <= 1 ? 0 : (int)Math.Ceiling(Math.Log2(side));
        int f0 = 2;
        while (f0 < side && PyramidBytes(matrix, f0) > cacheBytes) f0 *= 2;
        FirstCachedFactor = f0;
        var levels = new List<PooledLevel> { Pool(matrix, f0) };
        while (levels[^1].Width > 1 || levels[^1].Height > 1) levels.Add(levels[^1].Coarsen());
        _cached = levels.ToArray();
        MaxAbs = Math.Abs(_cached[^1].MaxAbs[0]);
    }

    /// <summary>Approximate bytes of the pyramid cached from factor f: 8 bytes per pixel of that level, ×4/3.</summary>
    private static long PyramidBytes(NpyMatrix m, int f) => 8L * ((m.Rows + f - 1) / f) * ((m.Cols + f - 1) / f) * 4 / 3;

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
        if (f >= FirstCachedFactor) FromCache(_cached[System.Numerics.BitOperations.Log2((uint)(f / FirstCachedFactor))], x0, y0, w, h, pooling, dest);
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
                    var span = row.AsSpan(0, c1 - c0);
                    _m.ReadRow(r, c0, span);
                    for (int x = 0, k = 0; x < w; x++)
                    {
                        int end = Math.Min(span.Length, k + f);
                        double acc = d[x];
                        if (pooling == Pooling.Mean)
                            for (; k < end; k++) acc += span[k];
                        else
                            for (; k < end; k++)
                                if (Math.Abs(span[k]) > Math.Abs(acc) || double.IsNaN(span[k])) acc = span[k];
                        d[x] = acc;
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
                for (int x = 0, c = 0; x < w; x++)
                {
                    int end = Math.Min(m.Cols, c + f);
                    double sx = s[x], mxx = mx[x];
                    for (; c < end; c++)
                    {
                        double v = row[c];
                        sx += v;
                        if (Math.Abs(v) > Math.Abs(mxx) || double.IsNaN(v)) mxx = v;
                    }
                    s[x] = sx;
                    mx[x] = mxx;
                }
            }
            for (int x = 0; x < w; x++) { max[y * w + x] = (float)mx[x]; sum[y * w + x] = (float)s[x]; }
            return row;
        }, _ => { });
        return new PooledLevel(f, w, h, max, sum);
    }
}
