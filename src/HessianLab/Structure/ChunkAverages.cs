using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Structure;

/// <summary>The paper's averaged Hessian map: the matrix cut into c × c chunks of consecutive θ indices and each chunk
/// replaced by its mean, A[I,J] = (1 / |I||J|) Σ_{a∈I, b∈J} H[a,b] — signed, as the authors' code averages it, or of |H|.
/// At the talk's size (P = 8000, c = 500) it is a 16 × 16 map whose 8 first rows and columns are the neuron blocks of H_WW.</summary>
/// <remarks>The last chunk of a side is shorter when c does not divide the side; its mean is over its own entries.
/// One pass over the matrix, a band of c rows at a time (converted to float64 band by band), no temporary of its size.</remarks>
public static class ChunkAverages
{
    /// <summary>The averaged map of a matrix <paramref name="h"/> (float32 or float64, any shape).</summary>
    /// <param name="h">A 2-D matrix.</param>
    /// <param name="chunk">c, the chunk side in entries (≥ 1).</param>
    /// <param name="absolute">Average |H| instead of H.</param>
    /// <exception cref="ArgumentException">Not a matrix, or c &lt; 1.</exception>
    public static double[,] Compute(Tensor h, int chunk, bool absolute = false)
    {
        var (signed, abs) = Maps(h, chunk, withSigned: !absolute, withAbsolute: absolute);
        return absolute ? abs! : signed!;
    }

    /// <summary>The signed and the |H| map together, in one pass over the matrix (the pictures draw both).</summary>
    /// <exception cref="ArgumentException">Not a matrix, or c &lt; 1.</exception>
    public static (double[,] Signed, double[,] Absolute) Both(Tensor h, int chunk)
    {
        var (signed, abs) = Maps(h, chunk, withSigned: true, withAbsolute: true);
        return (signed!, abs!);
    }

    private static (double[,]? Signed, double[,]? Absolute) Maps(Tensor h, int chunk, bool withSigned, bool withAbsolute)
    {
        if (h.dim() != 2) throw new ArgumentException($"expected a matrix, got {h.dim()} dimensions", nameof(h));
        if (chunk < 1) throw new ArgumentException($"the chunk side must be at least 1, got {chunk}", nameof(chunk));
        long rows = h.shape[0], cols = h.shape[1];
        int nr = (int)((rows + chunk - 1) / chunk), nc = (int)((cols + chunk - 1) / chunk);
        var signed = withSigned ? new double[nr, nc] : null;
        var abs = withAbsolute ? new double[nr, nc] : null;
        using var noGrad = torch.no_grad();
        for (int i = 0; i < nr; i++)
        {
            using var scope = torch.NewDisposeScope();
            long r0 = (long)i * chunk, rl = Math.Min(chunk, rows - r0);
            var band = h.narrow(0, r0, rl).to(ScalarType.Float64);
            if (signed is not null) Reduce(band, signed, i, chunk, rl, cols);
            if (abs is not null) Reduce(band.abs(), abs, i, chunk, rl, cols);
        }
        return (signed, abs);
    }

    /// <summary>Row <paramref name="i"/> of a map: the band's column sums, then each chunk's sum over its entries' count.</summary>
    private static void Reduce(Tensor band, double[,] map, int i, int chunk, long rl, long cols)
    {
        var columnSums = band.sum(new long[] { 0 }).cpu().data<double>().ToArray();
        for (int j = 0; j < map.GetLength(1); j++)
        {
            long c0 = (long)j * chunk, cl = Math.Min(chunk, cols - c0);
            double s = 0;
            for (long b = c0; b < c0 + cl; b++) s += columnSums[b];
            map[i, j] = s / ((double)rl * cl);
        }
    }

    /// <summary>The chunk side the pictures use for a P × P Hessian: ⌈P / 16⌉, i.e. 500 at the talk's P = 8000 (the paper's).</summary>
    public static int PictureChunk(long p) => (int)Math.Max(1, (p + 15) / 16);
}
