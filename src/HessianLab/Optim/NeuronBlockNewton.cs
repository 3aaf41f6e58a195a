using HessianLab.Curvature.Exact;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Optim;

/// <summary>Damped per-neuron block Newton: each neuron's exact Hessian diagonal block inverted on its own — the
/// preconditioner that the block-diagonal Hessian of the talk's picture would allow, as a baseline optimizer.</summary>
/// <remarks>
/// Per step, for every neuron i (row i of [W_l | b_l], c = c_{l−1} entries of θ) with exact Hessian block H_ii
/// (<see cref="ExactMlpHessian.LayerBlocks"/>, full data set) and gradient g_i:
/// θ_i ← θ_i − lr · (|H_ii| + λ I)^{−1} g_i, with |H_ii| = V |Λ| Vᵀ from H_ii = V Λ Vᵀ. Taking |Λ| (saddle-free Newton,
/// Dauphin et al., NeurIPS 2014) keeps the step a descent direction where a block is indefinite; for a PSD block it is
/// the Levenberg–Marquardt step (H_ii + λ I)^{−1} g_i. Cross-neuron and cross-layer curvature is ignored by design.
/// The blocks are recomputed every <c>updateInterval</c> steps (default 1; stale in between). Defaults lr 1, λ 1e-3 (absolute). Cost per step: the diagonal layer blocks of the exact Hessian plus one
/// c × c eigendecomposition per neuron.
/// </remarks>
public sealed class NeuronBlockNewton : CurvatureStepOptimizer
{
    private readonly Dataset _data;
    private readonly LossKind _loss;
    private readonly int _interval;
    private Tensor[]? _inverses;

    /// <summary>Creates the optimizer on the whole data set <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">lr or damping out of range.</exception>
    public NeuronBlockNewton(Mlp model, Dataset data, LossKind loss, double lr = 1, double damping = 1e-3, int updateInterval = 1) : base(model, lr)
    {
        OptimGuard.NonNegative(damping, "damping");
        if (updateInterval < 1) throw new ArgumentException($"Invalid update interval: {updateInterval} (must be ≥ 1)", nameof(updateInterval));
        _interval = updateInterval;
        _data = data;
        _loss = loss;
        Damping = damping;
    }

    /// <summary>λ.</summary>
    public double Damping { get; }

    /// <summary>Label for outputs.</summary>
    public string Label => $"per-neuron block Newton (|H_ii| + {Damping:G3} I)^-1, exact blocks";

    /// <inheritdoc />
    protected override Tensor Direction(Tensor grad)
    {
        var segs = Model.Layout.Segments;
        if (_inverses is null || (Steps - 1) % _interval == 0)
        {
            Release();
            using var scope = torch.NewDisposeScope();
            var blocks = new ExactMlpHessian(Model, _data, _loss).LayerBlocks(Enumerable.Range(1, segs.Count).Select(l => (l, l)));
            _inverses = segs.Select((seg, s) => DampedPower(blocks[(s + 1, s + 1)], seg.Rows, seg.Cols, Damping, -1).DetachFromDisposeScope()).ToArray();
        }
        var parts = segs.Select((seg, s) => _inverses[s].matmul(grad.narrow(0, seg.Offset, seg.Size).reshape(seg.Rows, seg.Cols, 1)).reshape(-1));
        return cat(parts.ToArray(), 0);
    }

    private void Release()
    {
        foreach (var t in _inverses ?? Array.Empty<Tensor>()) t.Dispose();
        _inverses = null;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) Release();
    }

    /// <summary>The neuron blocks of a layer block (rows·cols square, θ row-major) as a batch (rows, cols, cols).</summary>
    public static Tensor NeuronBlocks(Tensor layerBlock, long rows, long cols) =>
        layerBlock.reshape(rows, cols, rows, cols).diagonal(0, 0, 2).permute(2, 0, 1);

    /// <summary>(|H_ii| + λ I)^{power} of every neuron block of a layer block: (rows, cols, cols), symmetric
    /// (power −1: the step's inverse; −½: its square root).</summary>
    public static Tensor DampedPower(Tensor layerBlock, long rows, long cols, double damping, double power)
    {
        using var scope = torch.NewDisposeScope();
        var h = NeuronBlocks(layerBlock.to(ScalarType.Float64), rows, cols);
        var (evals, evecs) = linalg.eigh((h + h.transpose(1, 2)) * 0.5);
        var f = (evals.abs() + damping).pow(power);
        return (evecs * f.unsqueeze(1)).matmul(evecs.transpose(1, 2)).MoveToOuterDisposeScope();
    }

    /// <summary>The dense block-diagonal blockdiag_i((|H_ii| + λ I)^{power}) of a layer (P_l × P_l).</summary>
    public static Tensor DensePower(Tensor layerBlock, long rows, long cols, double damping, double power) =>
        block_diag(DampedPower(layerBlock, rows, cols, damping, power).unbind(0));
}
