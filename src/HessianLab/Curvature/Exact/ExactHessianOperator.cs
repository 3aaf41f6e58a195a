using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature.Exact;

/// <summary>The exact MLP Hessian (or its GGN or residual part) as an <see cref="ILinearOperator"/>, so that
/// Lanczos, SLQ and Hutchinson run on it: the dense matrix is computed once by <see cref="ExactMlpHessian"/>
/// (on first use) and held; <see cref="Apply"/> is one matrix-vector product H v.</summary>
/// <remarks>θ is in the MLP layout order (<see cref="ExactMlpHessian.Layout"/>: rows [W_l | b_l], layers in order),
/// as for <c>AutogradHessian.ForMlp</c>. The matrix reflects the weights at the time it was computed: call
/// <see cref="Refresh"/> after the model changes. Memory: P² elements (checked by the engine before allocating).</remarks>
public sealed class ExactHessianOperator : ILinearOperator, IDisposable
{
    private readonly ExactMlpHessian _engine;
    private Tensor? _matrix;

    /// <summary>Wraps <paramref name="engine"/>; nothing is computed until the first product.</summary>
    /// <param name="engine">The exact engine (model, data, loss, options).</param>
    /// <param name="part">Full Hessian (default), GGN or residual.</param>
    public ExactHessianOperator(ExactMlpHessian engine, HessianPart part = HessianPart.Full)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        Part = part;
    }

    /// <summary>Which part of the Hessian is applied.</summary>
    public HessianPart Part { get; }

    /// <inheritdoc />
    public long Dimension => _engine.Dimension;

    /// <inheritdoc />
    public ScalarType DType => _engine.Options.DType;

    /// <summary>The dense P × P matrix (computed on first access, then held).</summary>
    public Tensor Matrix => _matrix ??= _engine.Full(Part);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A vector whose shape is not [P].</exception>
    public Tensor Apply(Tensor v)
    {
        if (v.dim() != 1 || v.shape[0] != Dimension)
            throw new ArgumentException($"vector has shape [{string.Join(",", v.shape)}], expected [{Dimension}]", nameof(v));
        var m = Matrix;
        using var scope = torch.NewDisposeScope();
        return m.matmul(v.detach().to(m.dtype, m.device)).MoveToOuterDisposeScope();
    }

    /// <summary>Drops the held matrix; the next product recomputes it from the model's current weights.</summary>
    public void Refresh()
    {
        _matrix?.Dispose();
        _matrix = null;
    }

    /// <inheritdoc />
    public void Dispose() => Refresh();
}
