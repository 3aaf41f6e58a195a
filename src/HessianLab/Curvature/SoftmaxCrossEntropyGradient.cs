using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature;

/// <summary>The gradient of the mean softmax cross-entropy of logits z (N × V, e.g. a linear head on features) with
/// respect to any parameters, through the closed-form logit gradient instead of autograd through log_softmax + nll.</summary>
/// <remarks>
/// ℓ(θ) = −(1/N) Σ_n log softmax(z_n(θ))_{y_n}, so ∂ℓ/∂z = r(z) = (softmax(z) − Y)/N with Y the one-hot targets, and
/// ∂ℓ/∂θ = J_zᵀ r(z) — one vector-Jacobian product of z with grad output r. With <c>createGraph</c>, r is kept as a
/// differentiable function of z (one softmax, whose backward is p ⊙ (u − ⟨p, u⟩) per row), so a second backward of
/// gᵀv gives the exact Hessian-vector product H v = J_zᵀ (∂r/∂z) J_z v + Σ_k r_k ∇²z_k v (Pearlmutter 1994) without
/// the double-backward graphs of log_softmax and nll over N × V, which dominate when V is large and the trunk narrow
/// (docs/performance.md, "Hessian-vector products through a wide softmax head"). Parameters used both inside z's
/// trunk and in the head (a tied embedding) need nothing special: autograd sums both paths.
/// Retained for the second backward: softmax(z) and r (two N × V tensors) besides the trunk's graph.
/// </remarks>
public static class SoftmaxCrossEntropyGradient
{
    /// <summary>Loss value and ∂ℓ/∂θ for ℓ = mean cross-entropy of <paramref name="logits"/> against <paramref name="targets"/>.</summary>
    /// <param name="parameters">Tensors with requires_grad that <paramref name="logits"/> was computed from.</param>
    /// <param name="logits">z, shape (…, V) with a graph; all leading dimensions are samples.</param>
    /// <param name="targets">Class indices (int64), shape (…) = the leading dimensions of z, each in [0, V).</param>
    /// <param name="createGraph">Keep the result differentiable (for Hessian-vector products).</param>
    /// <returns>ℓ (float64) and one gradient per parameter.</returns>
    /// <exception cref="ArgumentException">Shapes that do not match, targets outside [0, V), or a parameter without gradients.</exception>
    public static (double Loss, Tensor[] Gradient) Compute(IReadOnlyList<Tensor> parameters, Tensor logits, Tensor targets, bool createGraph)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        Validate(logits, targets);
        long v = logits.shape[^1];
        var z = logits.reshape(-1, v);
        long n = z.shape[0];
        var y = targets.reshape(-1, 1);
        var p = nn.functional.softmax(z, 1);
        double loss = LossOf(z, p, y);
        // r = (p − Y)/N: a scaled copy of p (softmax's backward keeps p itself) with −1/N added at each target.
        var r = p * (1.0 / n);
        r.scatter_add_(1, y, torch.full(new[] { n, 1L }, -1.0 / n, z.dtype, z.device));
        if (!createGraph) r = r.detach();
        return (loss, SafeAutograd.Grad(z, parameters, gradOutput: r, createGraph: createGraph));
    }

    /// <summary>−mean log p_y from p; if some p_y underflowed to 0, from z_y − logsumexp(z) (one more pass over z).</summary>
    private static double LossOf(Tensor z, Tensor p, Tensor y)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        double loss = -p.gather(1, y).log().mean().to_type(ScalarType.Float64).item<double>();
        return double.IsFinite(loss) ? loss : (torch.logsumexp(z, 1, keepdim: true) - z.gather(1, y)).mean().to_type(ScalarType.Float64).item<double>();
    }

    private static void Validate(Tensor logits, Tensor targets)
    {
        if (logits.dim() < 2) throw new ArgumentException($"logits must have shape (…, V), got [{string.Join(",", logits.shape)}]", nameof(logits));
        if (!logits.is_floating_point()) throw new ArgumentException($"logits must be floating point, got {logits.dtype}", nameof(logits));
        if (targets.dtype != ScalarType.Int64) throw new ArgumentException($"targets must be int64 class indices, got {targets.dtype}", nameof(targets));
        var lead = logits.shape[..^1];
        if (!targets.shape.SequenceEqual(lead))
            throw new ArgumentException($"targets have shape [{string.Join(",", targets.shape)}], expected the logits' leading shape [{string.Join(",", lead)}]", nameof(targets));
        long v = logits.shape[^1];
        if (targets.numel() == 0) throw new ArgumentException("no targets: the mean cross-entropy of zero samples is undefined", nameof(targets));
        long lo = targets.min().item<long>(), hi = targets.max().item<long>();
        if (lo < 0 || hi >= v) throw new ArgumentException($"targets must be in [0, {v}), got values in [{lo}, {hi}]", nameof(targets));
    }
}
