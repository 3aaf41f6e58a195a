using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature.Exact;

/// <summary>Builds packed symmetric per-sample factors, transposed (pairs × samples) so each pair is a contiguous row.</summary>
/// <remarks>Measured here: gathering pairs with index_select along the column dimension ran at ~0.1 GB/s (6.7 s
/// for 664 × 125,250 entries); slicing whole rows of the transposed factor is two orders of magnitude faster
/// and yields the layout the GEMM wants (contiguous K dimension). Pair order is <see cref="TrianglePairs"/>'s.</remarks>
internal static class PackedProducts
{
    /// <summary>Rows q(i, j) = scale · x_i ⊙ x_j for i ≤ j, from x (c × n): the packed outer products, (c(c+1)/2 × n).</summary>
    public static Tensor OuterT(Tensor xt, double scale = 1)
    {
        var scaled = scale == 1 ? xt : xt * scale;
        int c = (int)xt.shape[0];
        long n = xt.shape[1];
        var outT = torch.empty(new long[] { TrianglePairs.Count(c), n }, xt.dtype, xt.device);
        long offset = 0;
        for (int i = 0; i < c; i++)
        {
            using var scope = torch.NewDisposeScope();
            outT.narrow(0, offset, c - i).copy_(xt.narrow(0, i, c - i) * scaled.narrow(0, i, 1));
            offset += c - i;
        }
        return outT;
    }

    /// <summary>The upper triangle (i ≤ j) of per-sample symmetric matrices g (n × d × d), as (d(d+1)/2 × n).</summary>
    public static Tensor UpperT(Tensor g)
    {
        int d = (int)g.shape[1];
        long n = g.shape[0];
        var gt = g.permute(1, 2, 0).contiguous();                              // d × d × n
        var outT = torch.empty(new long[] { TrianglePairs.Count(d), n }, g.dtype, g.device);
        long offset = 0;
        for (int i = 0; i < d; i++)
        {
            outT.narrow(0, offset, d - i).copy_(gt[i].narrow(0, i, d - i));
            offset += d - i;
        }
        return outT;
    }
}
