using HessianLab.Curvature;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Preconditioners;

/// <summary>The exact Hessian block ∂²ℓ/∂vec_row(W_l)² of one weight of an MLP, over the whole data set, float64.</summary>
/// <remarks>The one place E10 gets its Hessian block. Today: the rows of that segment by double backward
/// (<see cref="AutogradHessian.Rows"/>), keeping the segment's columns. When the exact engine
/// (HessianLab.Curvature.Exact.ExactMlpHessian, layer blocks) lands, swap the body of <see cref="LayerBlock"/>.</remarks>
public static class HessianBlockSource
{
    /// <summary>Name of the method in use (written into E10's configuration).</summary>
    public const string Method = "AutogradHessian.Rows (double backward), segment columns";

    /// <summary>The (P_l × P_l) block of segment <paramref name="segment"/> (symmetrized).</summary>
    public static Tensor LayerBlock(Mlp model, Dataset data, LossKind loss, int segment, Action<int, int>? progress = null)
    {
        var seg = model.Layout.Segments[segment];
        var rows = Enumerable.Range(0, checked((int)seg.Size)).Select(i => seg.Offset + i).ToList();
        Tensor detached;
        // AutogradHessian keeps its own dispose scope open until disposed: detach the block, then re-own it outside.
        using (var hess = AutogradHessian.ForMlp(model, () => Loss.Compute(loss, model.forward(data.X), data.Y)))
        using (var scope = torch.NewDisposeScope())
        {
            var r = hess.Rows(rows, progress).narrow(1, seg.Offset, seg.Size);
            detached = ((r + r.t()) * 0.5).DetachFromDisposeScope();
        }
        var block = detached.clone();
        detached.Dispose();
        return block;
    }
}
