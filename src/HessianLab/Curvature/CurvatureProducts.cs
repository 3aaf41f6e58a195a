using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature;

/// <summary>Hessian-vector and GGN-vector products for any parameters and loss, on a fresh graph per call
/// (so a weight change between calls can never meet a stale graph).</summary>
/// <remarks>
/// Hessian: H v = ∂(gᵀv)/∂θ with g = ∂ℓ/∂θ kept with its graph (Pearlmutter 1994), one forward and two backward passes.
/// GGN: G v = Jᵀ H_z J v for the output z = f(θ) and ℓ = L(z), H_z = ∂²L/∂z² (Schraudolph 2002). TorchSharp has no
/// forward mode, so J v uses the double-backward trick: with a dummy u, Jᵀu = ∂(zᵀu)/∂θ is linear in u, and
/// J v = ∂((Jᵀu)ᵀ v)/∂u. Then H_z (J v) is a Hessian-vector product of L at z, and Jᵀ(·) one more backward.
/// Every derivative goes through <see cref="SafeAutograd"/>: a libtorch error becomes a .NET exception.
/// </remarks>
public static class CurvatureProducts
{
    /// <summary>H v for the Hessian of <paramref name="loss"/> (a scalar computed from <paramref name="parameters"/>).</summary>
    /// <param name="parameters">Tensors with requires_grad (e.g. <c>ModuleParameters.Tensors</c>).</param>
    /// <param name="loss">Computes the scalar loss from the current parameters.</param>
    /// <param name="v">One tensor per parameter, shaped like it.</param>
    /// <returns>One tensor per parameter (no graph).</returns>
    public static Tensor[] HessianVector(IReadOnlyList<Tensor> parameters, Func<Tensor> loss, IReadOnlyList<Tensor> v)
    {
        CheckVector(parameters, v);
        using var scope = torch.NewDisposeScope();
        using var enable = torch.enable_grad();
        var l = Scalar(loss(), nameof(loss));
        var g = SafeAutograd.Grad(l, parameters, createGraph: true);
        var dot = Dot(g, v, parameters);
        var hv = SafeAutograd.Grad(dot, parameters);
        return hv.Select(t => t.MoveToOuterDisposeScope()).ToArray();
    }

    /// <summary>G v for the generalized Gauss–Newton Jᵀ H_z J of ℓ = <paramref name="lossOfOutput"/>(z), z = <paramref name="output"/>().</summary>
    /// <param name="parameters">Tensors with requires_grad.</param>
    /// <param name="output">Computes the model output z from the current parameters (any shape).</param>
    /// <param name="lossOfOutput">The scalar loss as a function of z (e.g. cross-entropy against fixed labels).</param>
    /// <param name="v">One tensor per parameter, shaped like it.</param>
    public static Tensor[] GgnVector(IReadOnlyList<Tensor> parameters, Func<Tensor> output, Func<Tensor, Tensor> lossOfOutput, IReadOnlyList<Tensor> v)
    {
        CheckVector(parameters, v);
        using var scope = torch.NewDisposeScope();
        using var enable = torch.enable_grad();
        var z = output();
        if (!z.requires_grad) return parameters.Select(p => torch.zeros_like(p).MoveToOuterDisposeScope()).ToArray();
        var u = torch.zeros_like(z).requires_grad_(true);
        var jtU = SafeAutograd.Grad(z, parameters, gradOutput: u, createGraph: true);        // Jᵀu, linear in u
        var jv = SafeAutograd.Grad(Dot(jtU, v, parameters), new[] { u })[0];                 // J v
        var zLeaf = z.detach().requires_grad_(true);
        var lz = Scalar(lossOfOutput(zLeaf), nameof(lossOfOutput));
        var gz = SafeAutograd.Grad(lz, new[] { zLeaf }, createGraph: true)[0];
        var hjv = SafeAutograd.Grad((gz * jv).sum(), new[] { zLeaf })[0];                    // H_z J v
        var result = SafeAutograd.Grad(z, parameters, gradOutput: hjv);                      // Jᵀ H_z J v
        return result.Select(t => t.MoveToOuterDisposeScope()).ToArray();
    }

    private static Tensor Dot(IReadOnlyList<Tensor> g, IReadOnlyList<Tensor> v, IReadOnlyList<Tensor> parameters)
    {
        Tensor? sum = null;
        for (int i = 0; i < g.Count; i++)
        {
            var term = (g[i] * v[i].detach().to(g[i].dtype, g[i].device).reshape(g[i].shape)).sum();
            sum = sum is null ? term : sum + term;
        }
        return sum ?? torch.zeros(1, dtype: parameters[0].dtype);
    }

    private static Tensor Scalar(Tensor l, string what)
    {
        if (l.numel() != 1) throw new ArgumentException($"{what} must return a scalar, got shape [{string.Join(",", l.shape)}]", what);
        return l.reshape(Array.Empty<long>());
    }

    private static void CheckVector(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> v)
    {
        if (parameters.Count == 0) throw new ArgumentException("no parameters to differentiate", nameof(parameters));
        if (v.Count != parameters.Count)
            throw new ArgumentException($"expected {parameters.Count} vector parts (one per parameter), got {v.Count}", nameof(v));
        for (int i = 0; i < v.Count; i++)
            if (v[i].numel() != parameters[i].numel())
                throw new ArgumentException($"vector part {i} has {v[i].numel()} entries, parameter {i} has {parameters[i].numel()}", nameof(v));
    }
}
