using HessianLab.Curvature.Kfac;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using static TorchSharp.torch;

namespace HessianLab.Optim;

/// <summary>Full-batch K-FAC descent on an <see cref="Mlp"/>: θ ← θ − lr · (G_l ⊗ A_l + λ I)^{−1} ∇ℓ per layer.</summary>
/// <remarks>The factors (<see cref="KfacFactors"/>, on the whole data set) are recomputed every
/// <c>updateInterval</c> steps; the damped Kronecker block is inverted exactly (<see cref="KfacOperator.ApplyInverse"/>).
/// No momentum, no trust region or rescaling (Martens &amp; Grosse 2015 §6–7 add those). Defaults lr 1, λ 1e-3, GGN
/// (true Fisher for CE), interval 1.</remarks>
public sealed class KfacDescent : CurvatureStepOptimizer
{
    private readonly Dataset _data;
    private readonly LossKind _loss;
    private readonly int _interval;
    private IReadOnlyList<KfacLayerFactors>? _factors;
    private KfacOperator? _op;

    /// <summary>Creates the optimizer on the whole data set <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">lr, damping or interval out of range.</exception>
    public KfacDescent(Mlp model, Dataset data, LossKind loss, KfacFisher fisher = KfacFisher.Ggn, double lr = 1, double damping = 1e-3, int updateInterval = 1)
        : base(model, lr)
    {
        OptimGuard.NonNegative(damping, "damping");
        if (updateInterval < 1) throw new ArgumentException($"Invalid update interval: {updateInterval} (must be ≥ 1)", nameof(updateInterval));
        _data = data;
        _loss = loss;
        _interval = updateInterval;
        Fisher = fisher;
        Damping = damping;
    }

    /// <summary>Which curvature the factors approximate.</summary>
    public KfacFisher Fisher { get; }

    /// <summary>λ.</summary>
    public double Damping { get; }

    /// <summary>The factors used at the last step (null before the first; owned by the optimizer).</summary>
    public IReadOnlyList<KfacLayerFactors>? Factors => _factors;

    /// <summary>The damped operator used at the last step (null before the first; owned by the optimizer).</summary>
    public KfacOperator? Operator => _op;

    /// <summary>Label for outputs.</summary>
    public string Label => $"K-FAC descent ({Fisher}, damping {Damping:G3}, factors every {_interval} steps)";

    /// <inheritdoc />
    protected override Tensor Direction(Tensor grad)
    {
        if (_factors is null || (Steps - 1) % _interval == 0)
        {
            Release();
            using var scope = NewDisposeScope();
            _factors = KfacFactors.Compute(Model, _data.X, _data.Y, _loss, Fisher)
                .Select(f => new KfacLayerFactors(f.Layer, f.A.DetachFromDisposeScope(), f.G.DetachFromDisposeScope())).ToList();
            _op = new KfacOperator(Model.Layout, _factors, Damping);
        }
        return _op!.ApplyInverse(grad);
    }

    private void Release()
    {
        _op?.Dispose();
        foreach (var f in _factors ?? Array.Empty<KfacLayerFactors>()) { f.A.Dispose(); f.G.Dispose(); }
        _factors = null;
        _op = null;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) Release();
    }
}
