using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature.Exact;

/// <summary>Index helpers for symmetric matrices stored packed: the pairs (i, j), i ≤ j, of a c × c matrix in
/// row-major upper-triangle order, pair index q(i, j) = i·c − i(i−1)/2 + (j − i).</summary>
internal static class TrianglePairs
{
    /// <summary>Number of pairs c(c+1)/2.</summary>
    public static long Count(int c) => (long)c * (c + 1) / 2;

    /// <summary>Row and column indices (i, j) of every pair, i ≤ j.</summary>
    public static (Tensor Rows, Tensor Cols) Indices(int c, Device device)
    {
        var rows = new long[Count(c)];
        var cols = new long[rows.Length];
        long q = 0;
        for (int i = 0; i < c; i++)
            for (int j = i; j < c; j++) { rows[q] = i; cols[q] = j; q++; }
        return (torch.tensor(rows, device: device), torch.tensor(cols, device: device));
    }

    /// <summary>Pair indices of the diagonal entries (i, i).</summary>
    public static Tensor DiagonalPositions(int c, Device device)
    {
        var pos = new long[c];
        for (int i = 0; i < c; i++) pos[i] = Pair(c, i, i);
        return torch.tensor(pos, device: device);
    }

    /// <summary>For every entry (i, j) of the full c × c matrix (row-major), the pair index of (min, max).</summary>
    public static Tensor FullToPair(int c, Device device)
    {
        var map = new long[(long)c * c];
        for (int i = 0; i < c; i++)
            for (int j = 0; j < c; j++) map[(long)i * c + j] = Pair(c, Math.Min(i, j), Math.Max(i, j));
        return torch.tensor(map, device: device);
    }

    private static long Pair(int c, int i, int j) => (long)i * c - (long)i * (i - 1) / 2 + (j - i);
}
