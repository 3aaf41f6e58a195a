using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature.Exact;

/// <summary>The per-sample factors of one row neuron i of layer l against layer k ≥ l, on a subset of the chunk's
/// samples: the pieces of K_n[i, j, b] = G_lk[i, j] ã_{k−1}[b] + [l &lt; k] δ_k[j] J_{k−1,l}[b, i] (docs/hessian-math.md).</summary>
/// <param name="Al">ã_{l−1} / N (n × c_{l−1}): the left GEMM factor.</param>
/// <param name="Ak">ã_{k−1} (n × c_{k−1}).</param>
/// <param name="G">Row i of G_lk (n × d_k), or null when it is 0.</param>
/// <param name="Delta">δ_k (n × d_k) when the cross-layer residual is included, else null.</param>
/// <param name="Sigma">σ'_l[i] (n × 1) for k = l + 1, where J_{l,l} = diag(σ'_l) puts the residual on b = i.</param>
/// <param name="Jt">Row i of J_{k−1,l}ᵀ (n × d_{k−1}) for k &gt; l + 1.</param>
internal sealed record NeuronSlice(Tensor Al, Tensor Ak, Tensor? G, Tensor? Delta, Tensor? Sigma, Tensor? Jt)
{
    /// <summary>Samples in the slice.</summary>
    public long Count => Al.shape[0];

    /// <summary>K[n, j, b] for all j, b (n × d_k × c_{k−1}), built in place (broadcast copy, then scale).</summary>
    /// <param name="neuron">i, the neuron's index in layer l (where the k = l + 1 residual lands).</param>
    /// <param name="dk">d_k.</param>
    public Tensor K(long neuron, int dk)
    {
        long n = Count, ck = Ak.shape[1];
        Tensor k;
        if (G is null) k = torch.zeros(new[] { n, dk, ck }, Ak.dtype, Ak.device);
        else
        {
            k = torch.empty(new[] { n, dk, ck }, Ak.dtype, Ak.device);
            k.copy_(Ak.unsqueeze(1).expand(n, dk, ck));
            k.mul_(G.unsqueeze(2));
        }
        if (Delta is null) return k;
        if (Sigma is not null) k.select(2, neuron).add_(Delta * Sigma);
        else k.narrow(2, 0, Jt!.shape[1]).add_(Delta.unsqueeze(2) * Jt.unsqueeze(1));
        return k;
    }

    /// <summary>Column b of K, K[n, j, b] (n × d_k), on the samples <paramref name="rows"/> of this slice, or null when it
    /// is 0 there; gathers only the factors column b uses.</summary>
    public Tensor? Column(long neuron, int b, ActiveSamples rows)
    {
        Tensor? m = null;
        if (G is not null)
        {
            m = rows.Index is null ? G * Ak.narrow(1, b, 1) : rows.Rows(G);
            if (rows.Index is not null) m.mul_(rows.Rows(Ak.narrow(1, b, 1)));
        }
        if (Delta is null) return m;
        Tensor? r = Sigma is not null
            ? (b == neuron ? rows.Rows(Delta) * rows.Rows(Sigma) : null)
            : b < Jt!.shape[1] ? rows.Rows(Delta) * rows.Rows(Jt.narrow(1, b, 1)) : null;
        return r is null ? m : m is null ? r : m.add_(r);
    }
}
