using HessianLab.Curvature.Exact;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Dynamics;

/// <summary>Frobenius norms of the cross block H_WV of a 2-layer net and of its GGN and residual parts, from the exact engine.</summary>
/// <remarks>For f = V σ(W x) and r_n = ∂ℓ_n/∂f, the residual part is
/// (H_res)[(i,a),(j,b)] = (1/N) Σ_n r_n[j] σ'(w_iᵀx_n) x_n[a] · [b = i], linear in r (the "dynamic force").</remarks>
/// <param name="Residual">‖residual part of H_WV‖_F.</param>
/// <param name="Ggn">‖GGN part of H_WV‖_F.</param>
/// <param name="Whole">‖H_WV‖_F = ‖GGN + residual‖_F.</param>
public sealed record WvParts(double Residual, double Ggn, double Whole)
{
    /// <summary>Measures the parts at the model's current weights (the engine reads them at each call).</summary>
    public static WvParts Measure(ExactMlpHessian engine)
    {
        if (engine.Layout.Segments.Count != 2) throw new ArgumentException($"H_WV needs a 2-layer net, got {engine.Layout.Segments.Count} layers", nameof(engine));
        using var scope = NewDisposeScope();
        var pair = new[] { (1, 2) };
        var res = engine.LayerBlocks(pair, HessianPart.Residual)[(1, 2)];
        var ggn = engine.LayerBlocks(pair, HessianPart.Ggn)[(1, 2)];
        return new WvParts(Norm(res), Norm(ggn), Norm(res + ggn));
    }

    private static double Norm(Tensor t) => t.norm().to_type(ScalarType.Float64).item<double>();
}
