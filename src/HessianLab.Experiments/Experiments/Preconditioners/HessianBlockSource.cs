using HessianLab.Curvature;
using HessianLab.Curvature.Exact;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Preconditioners;

/// <summary>The exact Hessian block ∂²ℓ/∂vec_row(W_l)² of one weight of an MLP, over the whole data set, float64.</summary>
/// <remarks>The one place E10 gets its Hessian block: the closed-form engine's layer block
/// (<see cref="ExactMlpHessian.LayerBlock"/>). <see cref="LayerBlockByAutograd"/> is the independent double-backward
/// reference (<see cref="AutogradHessian.Rows"/>), used by the tests.</remarks>
public static class HessianBlockSource
{
    /// <summary>Name of the method in use (written into E10's configuration).</summary>
    public const string Method = "ExactMlpHessian.LayerBlock(l, l) (closed form, float64)";

    /// <summary>The (P_l × P_l) block of segment <paramref name="segment"/> (0-based; symmetrized).</summary>
    public static Tensor LayerBlock(Mlp model, Dataset data, LossKind loss, int segment)
    {
        using var scope = torch.NewDisposeScope();
        var h = new ExactMlpHessian(model, data, loss).LayerBlock(segment + 1, segment + 1);
        return ((h + h.t()) * 0.5).MoveToOuterDisposeScope();
    }

    /// <summary>The same block from the rows of the double-backward Hessian (slow; the reference).</summary>
    public static Tensor LayerBlockByAutograd(Mlp model, Dataset data, LossKind loss, int segment)
    {
        var seg = model.Layout.Segments[segment];
        var rows = Enumerable.Range(0, checked((int)seg.Size)).Select(i => seg.Offset + i).ToList();
        Tensor detached;
        // AutogradHessian keeps its own dispose scope open until disposed: detach the block, then re-own it outside.
        using (var hess = AutogradHessian.ForMlp(model, () => Loss.Compute(loss, model.forward(data.X), data.Y)))
        using (var scope = torch.NewDisposeScope())
        {
            var r = hess.Rows(rows).narrow(1, seg.Offset, seg.Size);
            detached = ((r + r.t()) * 0.5).DetachFromDisposeScope();
        }
        var block = detached.clone();
        detached.Dispose();
        return block;
    }
}
