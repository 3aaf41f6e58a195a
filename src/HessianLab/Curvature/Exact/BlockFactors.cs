using HessianLab.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature.Exact;

/// <summary>The per-sample factor G of block (l, k), l ≤ k, of docs/hessian-math.md for one chunk (K is assembled per neuron
/// by <see cref="NeuronSlice"/>).</summary>
/// <remarks>
/// Entry ((l,i,a),(k,j,b)) of H is (1/N) Σ_n ã_{l−1}[a] · K_n[i, j, b] with
/// K_n[i, j, b] = G_lk[i, j] ã_{k−1}[b] + [l &lt; k] δ_k[j] J_{k−1,l}[b, i], and
/// G_lk = B_lᵀ Λ B_k (GGN) + [l = k] R_l + [l &lt; k] (R_k W_k J_{k−1,l})ᵀ (residual).
/// </remarks>
internal static class BlockFactors
{
    /// <summary>G_lk restricted to rows <paramref name="sel"/> of layer l (all rows when null): n × s × d_k, or null when 0.</summary>
    public static Tensor? G(MlpChunkState st, MlpWeights w, LossKind loss, int l, int k, Tensor? sel, HessianPart part)
    {
        int L = w.Depth;
        Tensor? g = null;
        if (part != HessianPart.Residual)
        {
            if (l == L) g = LambdaRows(st, w, loss, sel);
            else
            {
                if (k == L) g = Select(st.LambdaB(l), 2, sel).transpose(1, 2);   // B_lᵀ Λ (n × s × C)
                else if (l == L - 1) g = Select(st.LastHiddenGaussNewton(), 1, sel);
                else
                {
                    var bl = Select(st.B(l), 2, sel);                          // n × C × s
                    g = bl.transpose(1, 2).matmul(st.LambdaB(k));
                    st.Flops += 2.0 * st.Count * bl.shape[2] * w.Width(L) * w.Width(k);
                }
            }
        }
        if (part != HessianPart.Ggn && k < L)
        {
            Tensor? res = null;
            if (l == k) res = st.R(l) is { } rl ? Select(rl, 1, sel) : null;
            else if (st.R(k) is { } rk)
            {
                var y = w.Linear(k).t().matmul(rk);                            // W_kᵀ R_k: n × d_{k−1} × d_k
                st.Flops += 2.0 * st.Count * w.Width(k - 1) * w.Width(k) * w.Width(k);
                res = Select(st.ApplyJt(k - 1, l, y), 1, sel);                 // (R_k W_k J)ᵀ = Jᵀ W_kᵀ R_k
            }
            g = g is null ? res : res is null ? g : g + res;
        }
        return g;
    }

    /// <summary>Rows <paramref name="sel"/> of Λ (n × s × C): CE diag(p) − p pᵀ, MSE (2/C) I, never the full C × C.</summary>
    public static Tensor LambdaRows(MlpChunkState st, MlpWeights w, LossKind loss, Tensor? sel)
    {
        int C = w.Width(w.Depth);
        var dtype = st.Logits!.dtype;
        var device = st.Logits.device;
        var idx = sel ?? torch.arange(C, dtype: ScalarType.Int64, device: device);
        var e = nn.functional.one_hot(idx, C).to_type(dtype);                  // s × C
        if (loss == LossKind.Mse) return (e * (2.0 / C)).unsqueeze(0).expand(st.Count, -1, -1);
        var p = st.Probabilities!;
        var ps = Select(p, 1, sel).unsqueeze(2);                               // n × s × 1
        return ps * (e.unsqueeze(0) - p.unsqueeze(1));
    }

    /// <summary>t restricted to the indices <paramref name="sel"/> along <paramref name="dim"/> (all when null).</summary>
    public static Tensor Select(Tensor t, int dim, Tensor? sel) => sel is null ? t : t.index_select(dim, sel);
}
