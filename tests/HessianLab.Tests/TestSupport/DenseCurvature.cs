using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.TestSupport;

/// <summary>Dense references written independently of the library's product code: rows of the Hessian and of the
/// Jacobian by <c>torch.autograd.grad</c> (one call per row), the CE output Hessian in closed form.</summary>
internal static class DenseCurvature
{
    /// <summary>H[k, :] = ∂(∂ℓ/∂θ_k)/∂θ for θ = the tensors flattened in order.</summary>
    public static Tensor Hessian(IReadOnlyList<Tensor> ps, Func<Tensor> loss)
    {
        using var enable = enable_grad();
        var g = cat(autograd.grad(new[] { loss() }, ps.ToList(), retain_graph: true, create_graph: true).Select(t => t.reshape(-1)).ToArray());
        long p = g.shape[0];
        var rows = new Tensor[p];
        for (long k = 0; k < p; k++)
            rows[k] = cat(autograd.grad(new[] { g[k] }, ps.ToList(), retain_graph: true, allow_unused: false).Select(t => t.reshape(-1)).ToArray());
        return stack(rows).detach();
    }

    /// <summary>J = ∂vec(z)/∂θ, one row per output entry.</summary>
    public static Tensor Jacobian(IReadOnlyList<Tensor> ps, Func<Tensor> output)
    {
        using var enable = enable_grad();
        var z = output().reshape(-1);
        var rows = new Tensor[z.shape[0]];
        for (long i = 0; i < z.shape[0]; i++)
            rows[i] = cat(autograd.grad(new[] { z[i] }, ps.ToList(), retain_graph: true).Select(t => t.reshape(-1)).ToArray());
        return stack(rows).detach();
    }

    /// <summary>∂²/∂z² of mean cross-entropy over N rows of logits z (N × C), for vec(z) row-major:
    /// block-diagonal with blocks (diag(p_n) − p_n p_nᵀ)/N.</summary>
    public static Tensor CrossEntropyOutputHessian(Tensor logits)
    {
        var p = softmax(logits.detach(), 1);
        long n = p.shape[0], c = p.shape[1];
        var h = zeros(n * c, n * c, dtype: ScalarType.Float64);
        for (long i = 0; i < n; i++)
            h[TensorIndex.Slice(i * c, (i + 1) * c), TensorIndex.Slice(i * c, (i + 1) * c)] = (diag(p[i]) - outer(p[i], p[i])) / n;
        return h;
    }
}
