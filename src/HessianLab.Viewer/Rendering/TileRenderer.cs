using System.Buffers;
using HessianLab.Viewer.Matrix;

namespace HessianLab.Viewer.Rendering;

/// <summary>Renders PNG tiles of a <see cref="MatrixPyramid"/>: tile (x, y) of a level is pixels
/// [x·T, min(W, (x+1)·T)) × [y·T, min(H, (y+1)·T)) of that level (edge tiles are smaller, as OpenSeadragon expects).</summary>
public sealed class TileRenderer(MatrixPyramid pyramid, int tileSize = 256)
{
    /// <summary>Tile side T in pixels.</summary>
    public int TileSize { get; } = tileSize > 0 ? tileSize : throw new ArgumentOutOfRangeException(nameof(tileSize));

    /// <summary>The pyramid drawn.</summary>
    public MatrixPyramid Pyramid { get; } = pyramid;

    /// <summary>Whether the tile exists (level in range, tile inside the level).</summary>
    public bool Exists(int level, int x, int y)
    {
        if (level < 0 || level > Pyramid.MaxLevel || x < 0 || y < 0) return false;
        var (w, h) = Pyramid.Size(level);
        return (long)x * TileSize < w && (long)y * TileSize < h;
    }

    /// <summary>The PNG bytes of a tile.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The tile does not exist.</exception>
    public byte[] Render(TileRequest t)
    {
        if (!Exists(t.Level, t.X, t.Y)) throw new ArgumentOutOfRangeException(nameof(t), $"no tile {t.X},{t.Y} at level {t.Level}");
        var (lw, lh) = Pyramid.Size(t.Level);
        int x0 = t.X * TileSize, y0 = t.Y * TileSize;
        int w = Math.Min(TileSize, lw - x0), h = Math.Min(TileSize, lh - y0);
        var values = ArrayPool<double>.Shared.Rent(w * h);
        var rgb = ArrayPool<byte>.Shared.Rent(3 * w * h);
        try
        {
            Pyramid.Fill(t.Level, x0, y0, w, h, t.Pooling, values);
            double max = Pyramid.MaxAbs;
            for (int k = 0; k < w * h; k++)
            {
                var (r, g, b) = t.Scale.Color(values[k], max);
                rgb[3 * k] = r; rgb[3 * k + 1] = g; rgb[3 * k + 2] = b;
            }
            return PngEncoder.EncodeRgb(rgb.AsSpan(0, 3 * w * h), w, h);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(values);
            ArrayPool<byte>.Shared.Return(rgb);
        }
    }
}
