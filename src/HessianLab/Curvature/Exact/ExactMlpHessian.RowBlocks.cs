using HessianLab.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature.Exact;

public sealed partial class ExactMlpHessian
{
    /// <summary>Column splitting needs both GEMM sides at least this wide (c_{l−1} and d_k) to stay efficient.</summary>
    internal const int SplitMinWidth = 128;

    /// <summary>Column splitting issues one GEMM per column of ã_{k−1}: at most this many per neuron.</summary>
    internal const int SplitMaxColumns = 64;

    /// <summary>Column splitting pays when at most this fraction of (sample, column) pairs of ã_{k−1} is active.</summary>
    internal const double SplitBelowDensity = 0.8;

    /// <summary>Whether the rows of layer l against layer k are wide enough to be split by column of ã_{k−1} (when it is
    /// sparse enough on the chunk).</summary>
    private bool MaySplitColumns(int l, int k) => Cols(l - 1) >= SplitMinWidth && Width(k) >= SplitMinWidth && Cols(k - 1) <= SplitMaxColumns;

    /// <summary>Rows (layer l, neurons <paramref name="sel"/> or all) × layer k ≥ l: target(t) (c_{l−1} × P_k) += ã_{l−1}ᵀ K_t / N,
    /// one GEMM per neuron over the samples where the neuron is active.</summary>
    /// <remarks>
    /// For l &lt; L every term of neuron i's row carries σ'_l[i] (or σ''_l[i]): samples where both vanish are skipped
    /// (<see cref="MlpChunkState.RowMask"/>; with relu about half). When ã_{k−1} itself is sparse (relu hidden layer)
    /// and the GEMMs stay wide, the row is further split by column b of ã_{k−1}: H[(i,a),(j,b)] for fixed b is
    /// ã_{l−1}ᵀ K[:, :, b] over the samples active in both i and b (about a quarter with relu).
    /// TorchSharp's addmm_ takes alpha as float32, so the 1/N is folded into ã_{l−1} (exact in float64).
    /// </remarks>
    private double AccumulateRows(MlpChunkState st, MlpWeights w, int l, int k, Tensor? sel, HessianPart part, double scale, Func<int, Tensor> target)
    {
        int L = w.Depth, dk = w.Width(k), cl = w.Cols(l - 1), ck = w.Cols(k - 1);
        // Last hidden layer against a CE output: row i of G is column i of Λ B_{L−1}, built per neuron on its active
        // samples (n_i × C) instead of all of Λ B_{L−1} (n × C × d_{L−1}: 160 MB of fresh memory on the talk's net).
        bool columnWise = Loss == LossKind.Ce && l == L - 1 && k == L && part != HessianPart.Residual;
        var g = columnWise ? null : BlockFactors.G(st, w, Loss, l, k, sel, part);   // n × s × d_k, or null when 0
        bool cross = l < k && part != HessianPart.Ggn;
        if (g is null && !cross && !columnWise) return 0;
        var neurons = sel?.data<long>().ToArray() ?? Enumerable.Range(0, w.Width(l)).Select(i => (long)i).ToArray();
        var jt = cross && k > l + 1 ? BlockFactors.Select(st.Jt(k - 1, l), 1, sel) : null;   // n × s × d_{k−1}
        var al = st.A(l - 1) * scale;
        var rowMask = l < L ? st.RowMask(l) : null;
        var columnMask = MaySplitColumns(l, k) ? st.ColumnMask(k - 1) : null;
        if (columnMask is not null && columnMask.to_type(ScalarType.Float64).mean().item<double>() > SplitBelowDensity) columnMask = null;
        // Column b of a row block, H[(i, ·), (·, b)], has strides (d_k c_{k−1}, c_{k−1}): products go through a scratch.
        using var scratch = columnMask is null ? null : torch.empty((long)cl * dk, al.dtype, al.device);
        double flops = 0;
        for (int t = 0; t < neurons.Length; t++)
        {
            using var scope = torch.NewDisposeScope();
            long i = neurons[t];
            var rows = rowMask is null ? ActiveSamples.All(st.Count) : ActiveSamples.Of(rowMask.select(1, i));
            if (rows.None) continue;
            var gRow = columnWise ? st.LastHiddenLambdaBColumn(i, rows) : g is null ? null : rows.Rows(g.select(1, t));
            var slice = new NeuronSlice(rows.Rows(al), rows.Rows(st.A(k - 1)), gRow,
                cross ? rows.Rows(st.Delta(k)) : null, cross && k == l + 1 ? rows.Rows(st.S(l).narrow(1, i, 1)) : null,
                jt is null ? null : rows.Rows(jt.select(1, t)));
            if (columnMask is null)
            {
                target(t).addmm_(slice.Al.t(), slice.K(i, dk).view(slice.Count, (long)dk * ck));
                flops += 2.0 * slice.Count * cl * dk * ck;
                continue;
            }
            var byColumn = target(t).view(cl, dk, ck);
            var rowColumns = rows.Rows(columnMask);                             // n_i × c_{k−1}
            for (int b = 0; b < ck; b++)
            {
                using var columnScope = torch.NewDisposeScope();
                var both = ActiveSamples.Of(rowColumns.select(1, b));
                if (both.None) continue;
                if (slice.Column(i, b, both) is not { } column) continue;
                StridedProducts.AddProduct(byColumn.select(2, b), both.Rows(slice.Al).t(), column, scratch);
                flops += 2.0 * both.Count * cl * dk;
            }
        }
        return flops;
    }
}
