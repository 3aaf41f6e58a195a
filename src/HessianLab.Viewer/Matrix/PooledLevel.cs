namespace HessianLab.Viewer.Matrix;

/// <summary>One cached level of the pyramid: per pixel the signed entry of largest |H| and the sum of the entries
/// of its Factor×Factor cell (float32, row-major Height×Width).</summary>
internal sealed record PooledLevel(int Factor, int Width, int Height, float[] MaxAbs, float[] Sum)
{
    /// <summary>Bytes held.</summary>
    public long Bytes => (MaxAbs.LongLength + Sum.LongLength) * sizeof(float);

    /// <summary>The next coarser level (cells of 2×2 pixels of this one).</summary>
    public PooledLevel Coarsen()
    {
        int w = (Width + 1) / 2, h = (Height + 1) / 2;
        var max = new float[w * h];
        var sum = new float[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                float m = 0, s = 0;
                for (int dy = 0; dy < 2; dy++)
                    for (int dx = 0; dx < 2; dx++)
                    {
                        int yy = 2 * y + dy, xx = 2 * x + dx;
                        if (yy >= Height || xx >= Width) continue;
                        float v = MaxAbs[yy * Width + xx];
                        if (Math.Abs(v) > Math.Abs(m) || float.IsNaN(v)) m = v;
                        s += Sum[yy * Width + xx];
                    }
                max[y * w + x] = m;
                sum[y * w + x] = s;
            }
        return new PooledLevel(Factor * 2, w, h, max, sum);
    }
}
