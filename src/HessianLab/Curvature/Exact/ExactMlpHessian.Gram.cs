using HessianLab.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature.Exact;

public sealed partial class ExactMlpHessian
{
    /// <summary>Below this many pairs on one side, a diagonal block uses a weighted-Gram mode instead of packing.</summary>
    /// <remarks>Packing the wide side costs n·c(c+1)/2 element writes for a GEMM of only 2·pairs flops per
    /// element: memory-bound (measured 0.7–1 GFLOP/s on the talk's net). The Gram modes do 2× the flops of the
    /// packed product but as one well-shaped GEMM per pair (inner dimension n, c × c output), each over only the
    /// samples where the pair's weight is non-zero.</remarks>
    internal const int GramPairLimit = 64;

    /// <summary>The mode of diagonal block l (before the memory budget is considered).</summary>
    private DiagonalMode PreferredDiagonal(int l)
    {
        long d = Width(l), c = Cols(l - 1), dp = d * (d + 1) / 2, cp = c * (c + 1) / 2;
        bool output = l == _model.Spec.Depth;
        if (!output && dp <= GramPairLimit && dp < cp) return DiagonalMode.GramOfInputs;
        if (output && Loss == LossKind.Ce && cp <= GramPairLimit && cp < dp) return DiagonalMode.GramOfProbabilities;
        return DiagonalMode.Packed;
    }

    /// <summary>Elements of the accumulator(s) of a diagonal mode.</summary>
    private long AccumulatorElems(int l, DiagonalMode mode)
    {
        long d = Width(l), c = Cols(l - 1), dp = d * (d + 1) / 2, cp = c * (c + 1) / 2;
        return mode switch
        {
            DiagonalMode.Packed => dp * cp,
            DiagonalMode.GramOfInputs => c * dp * c,
            DiagonalMode.GramOfProbabilities => d * cp * d + cp * d,
            _ => 0,
        };
    }

    /// <summary>Per-sample working elements of a diagonal mode.</summary>
    private long DiagonalPerSample(int l, DiagonalMode mode)
    {
        long d = Width(l), c = Cols(l - 1), dp = d * (d + 1) / 2, cp = c * (c + 1) / 2;
        bool output = l == _model.Spec.Depth;
        long g = output ? d : 4 * d * d;
        return mode switch
        {
            DiagonalMode.Packed => g + 2 * dp + 2 * cp + c,
            DiagonalMode.GramOfInputs => g + 2 * dp + 3 * c,
            DiagonalMode.GramOfProbabilities => d + 2 * cp + 3 * d + 2 * c,
            _ => 0,
        };
    }

    /// <summary>Allocates the accumulator of a Gram mode: one c × c (or C × C) Gram per pair, then the CE diagonal terms.</summary>
    private Tensor GramAccumulator(int l, DiagonalMode mode) => torch.zeros(new[] { AccumulatorElems(l, mode) }, Options.DType, _x.device);

    /// <summary>GramOfInputs: for each pair q = (i ≤ j), acc[q] (c × c) += Σ_n G[n, i, j] ã_n ã_nᵀ / N over the samples
    /// where neurons i and j are both active (G_ll[i, j] carries σ'_l[i] σ'_l[j], or σ''_l[i] when i = j).</summary>
    private double AccumulateGramOfInputs(MlpChunkState st, MlpWeights w, int l, Tensor acc, HessianPart part, double scale)
    {
        var g = BlockFactors.G(st, w, Loss, l, l, null, part);
        if (g is null) return 0;
        int d = w.Width(l), c = w.Cols(l - 1);
        var gq = PackedProducts.UpperT(g);                                     // dp × n: row q = G[:, i_q, j_q]
        var grams = acc.view(gq.shape[0], c, c);
        var active = st.RowMask(l);
        return AccumulatePairGrams(grams, gq, st.A(l - 1), d, scale, (i, j) => active.select(1, i).logical_and(active.select(1, j)));
    }

    /// <summary>GramOfProbabilities (CE output): for each pair q = (a ≤ b) of ã_{L−1}, acc[q] (C × C) += Σ_n w_q p pᵀ / N
    /// over the samples with ã_a ã_b ≠ 0, and diag[q, c] += Σ_n w_q p_c / N, with w_q = ã_a ã_b.</summary>
    private double AccumulateGramOfProbabilities(MlpChunkState st, MlpWeights w, int l, Tensor acc, HessianPart part, double scale)
    {
        if (part == HessianPart.Residual) return 0;                            // R_L = 0
        int n = st.Count, C = w.Width(l), c = w.Cols(l - 1);
        long cp = TrianglePairs.Count(c);
        var wq = PackedProducts.OuterT(st.A(l - 1).t().contiguous());        // cp × n: row q = ã_a ã_b
        var p = st.Probabilities!;
        var nonzero = st.A(l - 1).ne(0);
        double flops = AccumulatePairGrams(acc.narrow(0, 0, cp * C * C).view(cp, C, C), wq, p, c, scale,
            (a, b) => nonzero.select(1, a).logical_and(nonzero.select(1, b)));
        acc.narrow(0, cp * C * C, cp * C).view(cp, C).addmm_(wq * scale, p);
        return flops + 2.0 * n * cp * C;
    }

    /// <summary>grams[q] += Σ_n weights[q, n] x_n x_nᵀ / N for every pair q = (i ≤ j) of an m-side, each over the samples
    /// where <paramref name="active"/>(i, j) holds (the weight is exactly 0 elsewhere); returns the flops.</summary>
    private static double AccumulatePairGrams(Tensor grams, Tensor weights, Tensor x, int m, double scale, Func<long, long, Tensor> active)
    {
        double flops = 0;
        long q = 0;
        for (int i = 0; i < m; i++)
            for (int j = i; j < m; j++, q++)
            {
                using var scope = torch.NewDisposeScope();
                var rows = ActiveSamples.Of(active(i, j));
                if (rows.None) continue;
                var wq = rows.Rows(weights[q].unsqueeze(1)) * scale;              // n_q × 1
                flops += WeightedGram.Accumulate(grams[q], wq, rows.Rows(x));
            }
        return flops;
    }

    /// <summary>Writes a Gram accumulator into the (d·c × d·c) target, H[(i,a),(j,b)], both triangles (each Gram is
    /// read exactly symmetric by <see cref="WeightedGram.Read"/>).</summary>
    private void UnpackGram(Tensor acc, Tensor target, int l, DiagonalMode mode)
    {
        int d = Width(l), c = Cols(l - 1);
        var t4 = target.view(d, c, d, c);
        if (mode == DiagonalMode.GramOfInputs)
        {
            long dp = TrianglePairs.Count(d);
            var grams = acc.view(dp, c, c);
            long q = 0;
            for (int i = 0; i < d; i++)
                for (int j = i; j < d; j++, q++)
                {
                    using var scope = torch.NewDisposeScope();
                    var oq = WeightedGram.Read(grams[q], 0, 1);                // c × c [a, b]
                    t4.select(0, i).select(1, j).copy_(oq);
                    if (i != j) t4.select(0, j).select(1, i).copy_(oq);
                }
        }
        else
        {
            long cp = TrianglePairs.Count(c);
            var grams = acc.narrow(0, 0, (long)d * cp * d).view(cp, d, d);
            var diag = acc.narrow(0, (long)d * cp * d, cp * d).view(cp, d);    // [q, c]
            long q = 0;
            for (int a = 0; a < c; a++)
                for (int b = a; b < c; b++, q++)
                {
                    using var scope = torch.NewDisposeScope();
                    var oq = torch.diag(diag[q]) - WeightedGram.Read(grams[q], 0, 1);   // diag(Σ w p) − Σ w p pᵀ
                    t4.select(1, a).select(2, b).copy_(oq);
                    if (a != b) t4.select(1, b).select(2, a).copy_(oq);
                }
        }
    }
}
