using HessianLab.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature.Exact;

/// <summary>The per-sample factors of block (l, k), l ≤ k, of hessian-math.md for one chunk.</summary>
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
                var lb = st.LambdaB(l);                                        // n × C × d_l  (Λ B_l)
                if (k == L) g = Select(lb, 2, sel).transpose(1, 2);            // B_lᵀ Λ
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

    /// <summary>The full K (n × s × d_k × c_{k−1}) of block (l, k), l ≤ k, for rows <paramref name="sel"/> of layer l; null when 0.</summary>
    public static Tensor? K(MlpChunkState st, MlpWeights w, LossKind loss, int l, int k, Tensor? sel, HessianPart part)
    {
        var g = G(st, w, loss, l, k, sel, part);
        var ak = st.A(k - 1);                                                  // n × c_{k−1}
        Tensor? kk = null;
        if (g is not null)
        {
            // K = G ⊗ ã_{k−1} built in place (broadcast copy, then scale): no second large temporary.
            kk = torch.empty(new long[] { g.shape[0], g.shape[1], g.shape[2], ak.shape[1] }, ak.dtype, ak.device);
            kk.copy_(ak.unsqueeze(1).unsqueeze(1).expand(kk.shape));
            kk.mul_(g.unsqueeze(3));
        }
        if (l == k || part == HessianPart.Ggn) return kk;
        int n = st.Count, s = sel is null ? w.Width(l) : (int)sel.shape[0];
        kk ??= torch.zeros(new long[] { n, s, w.Width(k), w.Cols(k - 1) }, ak.dtype, ak.device);
        var delta = st.Delta(k);                                               // n × d_k
        if (k == l + 1)
        {
            // J_{l,l} = diag(σ'(z_l)): only b = i is non-zero, K[n, i, j, i] += δ_k[j] σ'_l[i].
            var sl = Select(st.S(l), 1, sel);                                  // n × s
            if (sel is null)
                kk.narrow(3, 0, w.Width(l)).diagonal(0, 1, 3).add_(delta.unsqueeze(2) * sl.unsqueeze(1));
            else
            {
                var rows = sel.data<long>().ToArray();
                for (int t = 0; t < rows.Length; t++)
                    kk.select(1, t).select(2, rows[t]).add_(delta * sl.narrow(1, t, 1));
            }
        }
        else
        {
            var jt = Select(st.Jt(k - 1, l), 1, sel);                          // n × s × d_{k−1}
            kk.narrow(3, 0, w.Width(k - 1)).add_(delta.unsqueeze(1).unsqueeze(3) * jt.unsqueeze(2));
        }
        return kk;
    }

    private static Tensor Select(Tensor t, int dim, Tensor? sel) => sel is null ? t : t.index_select(dim, sel);
}
