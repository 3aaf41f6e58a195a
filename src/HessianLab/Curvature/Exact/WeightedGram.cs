using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature.Exact;

/// <summary>Accumulates a weighted Gram matrix O = Σ_n w[n] x_n x_nᵀ (m × m, symmetric) with GEMMs that skip most of
/// the lower triangle, straight into its place in H.</summary>
/// <remarks>
/// The columns of x are split into groups g_0 &lt; g_1 &lt; …; row group u needs only the columns of groups v ≥ u: one
/// GEMM x_uᵀ (w ⊙ x)[:, g_u:] per group. With G groups the flops are (G+1)/(2G) of the full product (62.5% for
/// G = 4, measured best here against G = 1, 2, 8 on the talk's net). <see cref="Complete"/> then mirrors the skipped
/// blocks. The target may be any m × m view (rows strided, as a block of H is), so no accumulator is needed.
/// </remarks>
internal static class WeightedGram
{
    /// <summary>Group boundaries for m columns (1, 2 or 4 groups: more only pays off when the groups stay wide).</summary>
    public static int[] Bounds(int m)
    {
        int groups = m >= 128 ? 4 : m >= 32 ? 2 : 1;
        return Enumerable.Range(0, groups + 1).Select(g => (int)((long)m * g / groups)).ToArray();
    }

    /// <summary>Elements of the scratch <see cref="Accumulate"/> needs for an m × m target BLAS cannot write in place.</summary>
    public static long ScratchElems(int m)
    {
        var bounds = Bounds(m);
        return Enumerable.Range(0, bounds.Length - 1).Max(u => (long)(bounds[u + 1] - bounds[u]) * (m - bounds[u]));
    }

    /// <summary>target += the upper group-blocks of Σ_n w[n] x_n x_nᵀ; returns the flops.</summary>
    /// <param name="target">m × m view, accumulated in place.</param>
    /// <param name="w">Weights, n or n × 1.</param>
    /// <param name="x">Vectors, n × m.</param>
    /// <param name="scratch">Contiguous, ≥ <see cref="ScratchElems"/> elements, for a target BLAS cannot write in place
    /// (<see cref="StridedProducts"/>); null: the target's group-blocks are multiplied into directly.</param>
    public static double Accumulate(Tensor target, Tensor w, Tensor x, Tensor? scratch = null)
    {
        long n = x.shape[0];
        int m = (int)x.shape[1];
        var bounds = Bounds(m);
        var y = x * w.reshape(n, 1);                                           // w ⊙ x
        double flops = 0;
        for (int u = 0; u + 1 < bounds.Length; u++)
        {
            int g = bounds[u], size = bounds[u + 1] - g;
            StridedProducts.AddProduct(target.narrow(0, g, size).narrow(1, g, m - g), x.narrow(1, g, size).t(), y.narrow(1, g, m - g), scratch);
            flops += 2.0 * n * size * (m - g);
        }
        return flops;
    }

    /// <summary>Makes an accumulated target exactly symmetric in place: lower group-blocks become the transposes of the
    /// upper ones, diagonal group-blocks (B + Bᵀ)/2.</summary>
    public static void Complete(Tensor target)
    {
        int m = (int)target.shape[0];
        var bounds = Bounds(m);
        using var scope = torch.NewDisposeScope();
        for (int u = 0; u + 1 < bounds.Length; u++)
            for (int v = u; v + 1 < bounds.Length; v++)
            {
                int gu = bounds[u], su = bounds[u + 1] - gu, gv = bounds[v], sv = bounds[v + 1] - gv;
                var block = target.narrow(0, gu, su).narrow(1, gv, sv);
                if (u == v) block.copy_((block + block.t()) * 0.5);
                else target.narrow(0, gv, sv).narrow(1, gu, su).copy_(block.t());
            }
    }
}
