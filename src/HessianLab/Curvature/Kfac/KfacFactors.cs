using HessianLab.Curvature.Exact;
using HessianLab.Losses;
using HessianLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature.Kfac;

/// <summary>The K-FAC factors A_l = E[ã ãᵀ] and G_l of every layer of an <see cref="Mlp"/> on a data set, float64.</summary>
/// <remarks>
/// Loss ℓ = (1/N) Σ_n ℓ_n (PyTorch's mean conventions: CE, or MSE over N·C entries so ℓ_n = (1/C) Σ_c (z_c − t_c)²).
/// Per sample the gradient of ℓ_n w.r.t. vec_row([W_l | b_l]) is g_n ⊗ ã_n, so a curvature block
/// (1/N) Σ_n (B_n) ⊗ ã_n ã_nᵀ is approximated by ((1/N) Σ B_n) ⊗ ((1/N) Σ ã_n ã_nᵀ) (Martens &amp; Grosse, "Optimizing
/// Neural Networks with Kronecker-factored Approximate Curvature", ICML 2015, eq. 1 and §3). It is exact when N = 1,
/// or when B_n does not depend on n (e.g. MSE with a linear network). The output-side factors are computed by
/// back-propagating, per sample, the residual r_n = ∂ℓ_n/∂z_L (<see cref="KfacFisher.Empirical"/>) or the C columns
/// of a square root S_n S_nᵀ = Λ_n (<see cref="KfacFisher.Ggn"/>; CE: column k = √p_k (e_k − p), MSE: √(2/C) e_k)
/// through g_l = σ'(z_l) ⊙ W_{l+1}ᵀ g_{l+1}. Samples are processed in chunks of about 4·10⁶ back-propagated entries.
/// </remarks>
public static class KfacFactors
{
    /// <summary>Computes the factors of every layer at the model's current weights.</summary>
    /// <param name="model">The network.</param>
    /// <param name="inputs">X (N × d_0).</param>
    /// <param name="labels">y (N, int64).</param>
    /// <param name="loss">Loss kind.</param>
    /// <param name="fisher">Empirical Fisher or GGN/true Fisher.</param>
    public static IReadOnlyList<KfacLayerFactors> Compute(Mlp model, Tensor inputs, Tensor labels, LossKind loss, KfacFisher fisher)
    {
        var spec = model.Spec;
        int L = spec.Depth, C = spec.Widths[^1], N = (int)inputs.shape[0];
        if (inputs.dim() != 2 || inputs.shape[1] != spec.Widths[0]) throw new ArgumentException($"inputs must be N × {spec.Widths[0]}", nameof(inputs));
        if (labels.shape[0] != N) throw new ArgumentException("labels must have one entry per input row", nameof(labels));
        var dt = ScalarType.Float64;
        var a = new Tensor[L];
        var g = new Tensor[L];
        for (int l = 0; l < L; l++)
        {
            int c = spec.Widths[l] + (spec.Bias ? 1 : 0);
            a[l] = zeros(c, c, dt);
            g[l] = zeros(spec.Widths[l + 1], spec.Widths[l + 1], dt);
        }
        long columns = fisher == KfacFisher.Ggn ? C : 1;
        int chunk = (int)Math.Clamp(4_000_000 / (columns * Math.Max(C, spec.Widths.Max())), 1, N);
        using (var _ = no_grad())
            for (int start = 0; start < N; start += chunk)
            {
                using var scope = NewDisposeScope();
                int n = Math.Min(chunk, N - start);
                Accumulate(model, inputs.narrow(0, start, n).to(dt), labels.narrow(0, start, n), loss, fisher, a, g);
            }
        return Enumerable.Range(0, L).Select(l => new KfacLayerFactors(l + 1, a[l] / N, g[l] / N)).ToList();
    }

    private static void Accumulate(Mlp model, Tensor x, Tensor y, LossKind loss, KfacFisher fisher, Tensor[] a, Tensor[] g)
    {
        var spec = model.Spec;
        int L = spec.Depth, C = spec.Widths[^1];
        long n = x.shape[0];
        var w = model.Weights.Select(p => p.detach().to(ScalarType.Float64)).ToArray();
        var slope = new Tensor[L];
        Tensor act = x, z = x;
        for (int l = 0; l < L; l++)
        {
            var tilde = spec.Bias ? cat(new[] { act, ones(n, 1, ScalarType.Float64) }, 1) : act;
            a[l].add_(tilde.t().matmul(tilde));
            z = tilde.matmul(spec.Bias ? cat(new[] { w[l], model.Bias(l + 1)!.detach().to(ScalarType.Float64).unsqueeze(1) }, 1).t() : w[l].t());
            if (l < L - 1)
            {
                var (value, first, _) = ActivationDerivatives.Evaluate(z, spec.Activation);
                slope[l] = first;
                act = value;
            }
        }
        var target = loss == LossKind.Mse ? Loss.OneHot(y, C, ScalarType.Float64) : null;
        var p = loss == LossKind.Ce ? z.softmax(1) : null;
        var wl = w[L - 1];
        Tensor pre;                               // (n, K, d_{L−1}): K back-propagated vectors per sample, times W_L
        if (fisher == KfacFisher.Empirical)
        {
            var r = loss == LossKind.Ce ? p! - Loss.OneHot(y, C, ScalarType.Float64) : (2.0 / C) * (z - target!);
            g[L - 1].add_(r.t().matmul(r));
            pre = r.matmul(wl).unsqueeze(1);
        }
        else if (loss == LossKind.Ce)
        {
            g[L - 1].add_(diag(p!.sum(new long[] { 0 })) - p!.t().matmul(p!));
            // column k of S: √p_k (e_k − p), so its product with W_L is √p_k (W_L[k, :] − pᵀ W_L): never forms n × C × C.
            pre = p!.sqrt().unsqueeze(2) * (wl.unsqueeze(0) - p!.matmul(wl).unsqueeze(1));
        }
        else
        {
            g[L - 1].add_(eye(C, dtype: ScalarType.Float64) * (n * 2.0 / C));
            pre = (wl * Math.Sqrt(2.0 / C)).unsqueeze(0).expand(n, C, wl.shape[1]);
        }
        for (int l = L - 2; l >= 0; l--)
        {
            var back = pre * slope[l].unsqueeze(1);
            var flat = back.reshape(-1, back.shape[2]);
            g[l].add_(flat.t().matmul(flat));
            if (l > 0) pre = back.matmul(w[l]);
        }
    }
}
