using HessianLab.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature.Exact;

public sealed partial class ExactMlpHessian
{
    /// <summary>Below this many pairs on one side, a diagonal block uses a weighted-Gram mode instead of packing.</summary>
    /// <remarks>Packing the wide side costs n·c(c+1)/2 element writes for a GEMM of only 2·pairs flops per
    /// element: memory-bound (measured 0.7–1 GFLOP/s on the talk's net). The Gram modes do 2× the flops of the
    /// packed product but in one well-shaped GEMM (inner dimension n, ≥ c rows), with n·pairs·c writes.</remarks>
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
            DiagonalMode.GramOfInputs => g + 2 * dp + dp * c + c,
            DiagonalMode.GramOfProbabilities => d + 2 * cp + cp * d + c,
            _ => 0,
        };
    }

    /// <summary>Allocates the accumulator of a Gram mode (pairs laid out as the GEMM writes them).</summary>
    private Tensor GramAccumulator(int l, DiagonalMode mode) => torch.zeros(new[] { AccumulatorElems(l, mode) }, Options.DType, _x.device);

    /// <summary>GramOfInputs: acc (c × dp·c) += ãᵀ (n × dp·c) with Y[n, q, b] = G[n, i_q, j_q] ã[n, b] / N.</summary>
    private double AccumulateGramOfInputs(MlpChunkState st, MlpWeights w, int l, Tensor acc, HessianPart part, double scale)
    {
        var g = BlockFactors.G(st, w, Loss, l, l, null, part);
        if (g is null) return 0;
        int n = st.Count, c = w.Cols(l - 1);
        var gq = PackedProducts.UpperT(g).t().contiguous();                    // n × dp
        long dp = gq.shape[1];
        return WeightedGram.Accumulate(acc.view(c, dp * c), gq * scale, st.A(l - 1));
    }

    /// <summary>GramOfProbabilities (CE output): acc[c, q, c'] += Σ_n w_q p_c p_c' / N and diag[q, c] += Σ_n w_q p_c / N,
    /// w_q = ã_{a_q} ã_{b_q}.</summary>
    private double AccumulateGramOfProbabilities(MlpChunkState st, MlpWeights w, int l, Tensor acc, HessianPart part, double scale)
    {
        if (part == HessianPart.Residual) return 0;                            // R_L = 0
        int n = st.Count, C = w.Width(l), c = w.Cols(l - 1);
        long cp = TrianglePairs.Count(c);
        var wq = PackedProducts.OuterT(st.A(l - 1).t().contiguous(), scale).t().contiguous();  // n × cp
        var p = st.Probabilities!;
        double flops = WeightedGram.Accumulate(acc.narrow(0, 0, C * cp * C).view(C, cp * C), wq, p);
        acc.narrow(0, C * cp * C, cp * C).view(cp, C).addmm_(wq.t(), p);
        return flops + 2.0 * n * cp * C;
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
            var o = acc.view(c, dp * c);
            long q = 0;
            for (int i = 0; i < d; i++)
                for (int j = i; j < d; j++, q++)
                {
                    using var scope = torch.NewDisposeScope();
                    var oq = WeightedGram.Read(o, q, dp);                     // c × c [a, b]
                    t4.select(0, i).select(1, j).copy_(oq);
                    if (i != j) t4.select(0, j).select(1, i).copy_(oq);
                }
        }
        else
        {
            long cp = TrianglePairs.Count(c);
            var gram = acc.narrow(0, 0, (long)d * cp * d).view(d, cp * d);
            var diag = acc.narrow(0, (long)d * cp * d, cp * d).view(cp, d);    // [q, c]
            long q = 0;
            for (int a = 0; a < c; a++)
                for (int b = a; b < c; b++, q++)
                {
                    using var scope = torch.NewDisposeScope();
                    var oq = torch.diag(diag[q]) - WeightedGram.Read(gram, q, cp);   // diag(Σ w p) − Σ w p pᵀ
                    t4.select(1, a).select(2, b).copy_(oq);
                    if (a != b) t4.select(1, b).select(2, a).copy_(oq);
                }
        }
    }
}
