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

    /// <summary>Elements of the accumulator of a diagonal mode (the Gram modes accumulate in H itself; the CE output
    /// keeps its diag(p) sums aside).</summary>
    private long AccumulatorElems(int l, DiagonalMode mode)
    {
        long d = Width(l), c = Cols(l - 1), dp = d * (d + 1) / 2, cp = c * (c + 1) / 2;
        return mode switch
        {
            DiagonalMode.Packed => dp * cp,
            DiagonalMode.GramOfProbabilities => cp * d,
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

    /// <summary>GramOfInputs: for each pair q = (i ≤ j), H[(i,·),(j,·)] (c × c, in place) += Σ_n G[n, i, j] ã_n ã_nᵀ / N
    /// over the samples where neurons i and j are both active (G_ll[i, j] carries σ'_l[i] σ'_l[j], or σ''_l[i] when i = j).</summary>
    private double AccumulateGramOfInputs(MlpChunkState st, MlpWeights w, int l, Tensor target, HessianPart part, double scale)
    {
        var g = BlockFactors.G(st, w, Loss, l, l, null, part);
        if (g is null) return 0;
        int d = w.Width(l), c = w.Cols(l - 1);
        var gq = PackedProducts.UpperT(g);                                     // dp × n: row q = G[:, i_q, j_q]
        var t4 = target.view(d, c, d, c);
        var active = st.RowMask(l);
        return AccumulatePairGrams((i, j) => t4.select(0, i).select(1, j), gq, st.A(l - 1), d, scale,
            (i, j) => active.select(1, i).logical_and(active.select(1, j)));
    }

    /// <summary>GramOfProbabilities (CE output): for each pair q = (a ≤ b) of ã_{L−1}, H[(·,a),(·,b)] (C × C, in place)
    /// −= Σ_n w_q p pᵀ / N over the samples with ã_a ã_b ≠ 0, and diag[q, c] += Σ_n w_q p_c / N, w_q = ã_a ã_b
    /// (Λ = diag(p) − p pᵀ; the diagonal is added by <see cref="CompleteGram"/>).</summary>
    private double AccumulateGramOfProbabilities(MlpChunkState st, MlpWeights w, int l, Tensor target, Tensor diag, HessianPart part, double scale)
    {
        if (part == HessianPart.Residual) return 0;                            // R_L = 0
        int n = st.Count, C = w.Width(l), c = w.Cols(l - 1);
        var wq = PackedProducts.OuterT(st.A(l - 1).t().contiguous());        // cp × n: row q = ã_a ã_b
        var p = st.Probabilities!;
        var active = st.ColumnMask(l - 1);                                      // ⊇ {ã ≠ 0}
        var t4 = target.view(C, c, C, c);
        double flops = AccumulatePairGrams((a, b) => t4.select(1, a).select(2, b), wq, p, c, -scale,
            (a, b) => active.select(1, a).logical_and(active.select(1, b)));
        diag.addmm_(wq * scale, p);
        return flops + 2.0 * n * wq.shape[0] * C;
    }

    /// <summary>slot(i, j) += scale · Σ_n weights[q, n] x_n x_nᵀ for every pair q = (i ≤ j) of an m-side, each over the
    /// samples where <paramref name="active"/>(i, j) holds (the weight is exactly 0 elsewhere); returns the flops.</summary>
    private static double AccumulatePairGrams(Func<long, long, Tensor> slot, Tensor weights, Tensor x, int m, double scale, Func<long, long, Tensor> active)
    {
        double flops = 0;
        long q = 0;
        int slotSize = (int)x.shape[1];
        // One scratch for all pairs when the slots interleave (CE output: H[(·, a), (·, b)]); see StridedProducts.
        using var scratch = StridedProducts.NeedsScratch(slot(0, 0)) ? torch.empty(WeightedGram.ScratchElems(slotSize), x.dtype, x.device) : null;
        for (int i = 0; i < m; i++)
            for (int j = i; j < m; j++, q++)
            {
                using var scope = torch.NewDisposeScope();
                var rows = ActiveSamples.Of(active(i, j));
                if (rows.None) continue;
                var wq = rows.Rows(weights[q]) * scale;                          // n_q
                flops += WeightedGram.Accumulate(slot(i, j), wq, rows.Rows(x), scratch);
            }
        return flops;
    }

    /// <summary>After the last chunk: makes every pair's slot exactly symmetric (<see cref="WeightedGram.Complete"/>),
    /// adds the CE output's diag(Σ w p), and mirrors slot (i, j) into (j, i) (each slot is symmetric, so a plain copy).</summary>
    private void CompleteGram(Tensor target, int l, DiagonalMode mode, Tensor? diag)
    {
        int d = Width(l), c = Cols(l - 1);
        var t4 = target.view(d, c, d, c);
        bool inputs = mode == DiagonalMode.GramOfInputs;
        int m = inputs ? d : c;
        long q = 0;
        for (int i = 0; i < m; i++)
            for (int j = i; j < m; j++, q++)
            {
                using var scope = torch.NewDisposeScope();
                var slot = inputs ? t4.select(0, i).select(1, j) : t4.select(1, i).select(2, j);
                WeightedGram.Complete(slot);
                if (diag is not null) slot.diagonal().add_(diag[q]);
                if (i != j) (inputs ? t4.select(0, j).select(1, i) : t4.select(1, j).select(2, i)).copy_(slot);
            }
    }
}
