using HessianLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature.Exact;

public sealed partial class ExactMlpHessian
{
    /// <summary>Whether off-diagonal block (l, k) uses the Kronecker form rather than per-neuron GEMMs.</summary>
    /// <remarks>The per-neuron form ã_{l−1}ᵀ K_i has only c_{l−1} rows: skinny and memory-bound when c_{l−1} is small
    /// (measured 11% of the DGEMM rate on the 4-layer width-50 net), and it writes n·d_l·P_k entries of K. The
    /// Kronecker form is one GEMM G_lkᵀ (ã_{l−1} ⊗ ã_{k−1}) with inner dimension n and factors of n·(d_l d_k + c_{l−1} c_{k−1})
    /// entries; it needs the cross-layer residual δ_k J_{k−1,l} to be diagonal (k = l + 1) or absent (GGN part).</remarks>
    /// <summary>From this many input columns c_{l−1} on, the per-neuron form wins (talk's (W, V) block, c_0 = 500:
    /// 2.5 s per-neuron vs 4.0 s Kronecker measured side by side at N = 2000).</summary>
    internal const int KroneckerColumnLimit = 256;

    private bool UsesKronecker(int l, int k, HessianPart part) =>
        l < k && (k == l + 1 || part == HessianPart.Ggn) && Cols(l - 1) < KroneckerColumnLimit && !PrefersSparseRows(l, k);

    /// <summary>With relu, rows that <see cref="AccumulateRows"/> can split by column run over about a quarter of the
    /// samples and beat the dense Kronecker GEMM even below <see cref="KroneckerColumnLimit"/> (measured side by side:
    /// 0.66 → 0.49 s on 200,8,200 with N = 5000, 1.52 → 1.14 s on 150,20,150 with N = 3000).</summary>
    private bool PrefersSparseRows(int l, int k) =>
        _model.Spec.Activation == Activation.Relu && Cols(l - 1) >= SplitMinWidth && Width(k) >= SplitMinWidth && Cols(k - 1) <= SplitMaxColumns;

    /// <summary>acc (d_l d_k × c_{l−1} c_{k−1}) += Σ_n G_lk[n] ⊗ (ã_{l−1} ã_{k−1}ᵀ)[n] / N and, for k = l + 1 (not GGN),
    /// resid (d_l c_{l−1} × d_k) += Σ_n (σ'_l ⊗ ã_{l−1}) δ_kᵀ / N.</summary>
    private double AccumulateKronecker(MlpChunkState st, MlpWeights w, int l, int k, Tensor acc, Tensor? resid, HessianPart part, double scale)
    {
        int n = st.Count, dl = w.Width(l), dk = w.Width(k), cl = w.Cols(l - 1), ck = w.Cols(k - 1);
        double flops = 0;
        var al = st.A(l - 1) * scale;
        var g = BlockFactors.G(st, w, Loss, l, k, null, part);
        if (g is not null)
        {
            var aa = torch.empty(new long[] { n, cl, ck }, al.dtype, al.device);
            aa.copy_(st.A(k - 1).unsqueeze(1).expand(n, cl, ck));
            aa.mul_(al.unsqueeze(2));
            acc.addmm_(g.reshape(n, (long)dl * dk).t(), aa.view(n, (long)cl * ck));
            flops += 2.0 * n * dl * dk * cl * ck;
        }
        if (resid is not null)
        {
            var sa = st.S(l).unsqueeze(2) * al.unsqueeze(1);                  // n × d_l × c_{l−1}
            resid.addmm_(sa.view(n, (long)dl * cl).t(), st.Delta(k));
            flops += 2.0 * n * dl * cl * dk;
        }
        return flops;
    }

    /// <summary>Adds the Kronecker accumulators into the (d_l c_{l−1} × d_k c_{k−1}) target: [i,j,a,b] → [(i,a),(j,b)];
    /// the residual lands on b = i (J_{l,l} = diag(σ'_l)).</summary>
    private void UnpackKronecker(Tensor acc, Tensor? resid, Tensor target, int l, int k)
    {
        int dl = Width(l), dk = Width(k), cl = Cols(l - 1), ck = Cols(k - 1);
        var t4 = target.view(dl, cl, dk, ck);
        for (int i = 0; i < dl; i++)
        {
            using var scope = torch.NewDisposeScope();
            t4.select(0, i).add_(acc.narrow(0, (long)i * dk, dk).view(dk, cl, ck).permute(1, 0, 2));
        }
        if (resid is not null)
            t4.narrow(3, 0, dl).diagonal(0, 0, 3).add_(resid.view(dl, cl, dk).permute(1, 2, 0));   // [a, j, i]
    }
}
