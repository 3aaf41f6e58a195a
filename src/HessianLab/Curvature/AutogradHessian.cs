using HessianLab.Core;
using HessianLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature;

/// <summary>Hessian of a scalar loss by double backward, for any TorchSharp parameters:
/// the paper's method (one backward of one gradient entry per Hessian row) and
/// Hessian-vector products.</summary>
/// <remarks>
/// H e_k = ∂(∂ℓ/∂θ_k)/∂θ. Slow (one backward pass per row) but general: it is the reference
/// the exact MLP engine is tested against. The gradient graph is built once and retained, so the operator is
/// bound to the parameter values at construction: after an in-place change of a parameter (an optimizer step,
/// <c>copy_</c>) every call throws <see cref="InvalidOperationException"/>; build a new instance, or use
/// <see cref="ModuleCurvatureOperator"/>, which rebuilds the graph per product. Derivatives go through
/// <c>autograd.backward(inputs)</c>, whose libtorch errors become .NET exceptions (docs/torchsharp.md).
/// </remarks>
public sealed class AutogradHessian : ILinearOperator, IDisposable
{
    private readonly List<Tensor> _parameters;
    private readonly Func<IReadOnlyList<Tensor>, Tensor> _flatten;
    private readonly Tensor _flatGradient;   // ∂ℓ/∂θ in θ order, with graph
    private readonly Tensor _connector;      // 0·Σ_p sum(p): keeps every parameter in the graph

    /// <summary>The loss value at which the Hessian is taken.</summary>
    public double LossValue { get; }

    /// <inheritdoc />
    public long Dimension { get; }

    /// <inheritdoc />
    public ScalarType DType { get; }

    /// <summary>Builds the gradient graph of <paramref name="loss"/>.</summary>
    /// <param name="parameters">Leaf tensors with requires_grad, in module order.</param>
    /// <param name="loss">Computes the scalar loss from the current parameters.</param>
    /// <param name="flatten">Maps per-parameter tensors (in <paramref name="parameters"/> order) to θ order.</param>
    public AutogradHessian(IReadOnlyList<Tensor> parameters, Func<Tensor> loss, Func<IReadOnlyList<Tensor>, Tensor> flatten)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(flatten);
        TrainableParameters.Check(parameters, nameof(parameters));
        _parameters = parameters.ToList();
        _flatten = flatten;
        // The graph lives in libtorch; only the two tensors kept below need .NET handles beyond this scope.
        using var scope = torch.NewDisposeScope();
        using var enable = torch.enable_grad();
        var l = loss();
        if (l.numel() != 1) throw new ArgumentException($"the loss must be a scalar, got shape [{string.Join(",", l.shape)}]", nameof(loss));
        LossValue = l.to_type(ScalarType.Float64).item<double>();
        var grads = SafeAutograd.Grad(l.reshape(Array.Empty<long>()), _parameters, createGraph: true);
        _flatGradient = flatten(grads.ToList()).DetachFromDisposeScope();
        _connector = (parameters.Select(p => p.sum()).Aggregate((a, b) => a + b) * 0.0).DetachFromDisposeScope();
        Dimension = _flatGradient.shape[0];
        DType = _flatGradient.dtype;
    }

    /// <summary>For an MLP: the Hessian of its loss on a data set, in the layout's θ order.</summary>
    public static AutogradHessian ForMlp(Mlp model, Func<Tensor> loss) =>
        new(model.OrderedParameters().Cast<Tensor>().ToList(), loss, grads => FlattenMlp(model, grads));

    /// <summary>For any module: θ = its trainable parameters flattened in registration order
    /// (<see cref="ModuleParameters"/>; frozen parameters are skipped).</summary>
    public static AutogradHessian ForModule(nn.Module module, Func<Tensor> loss) => ForModule(ModuleParameters.Of(module), loss);

    /// <summary>For the given trainable parameters of a module (θ in <paramref name="parameters"/> order).</summary>
    public static AutogradHessian ForModule(ModuleParameters parameters, Func<Tensor> loss)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new AutogradHessian(parameters.Tensors, loss, parameters.Flatten);
    }

    /// <summary>Gradient tensors in module order (W1, b1, W2, …) → θ order.</summary>
    public static Tensor FlattenMlp(Mlp model, IReadOnlyList<Tensor> grads)
    {
        var ws = new List<Tensor>(); var bs = new List<Tensor?>();
        int k = 0;
        for (int l = 0; l < model.Spec.Depth; l++)
        {
            ws.Add(grads[k++]);
            bs.Add(model.Spec.Bias ? grads[k++] : null);
        }
        return model.Layout.Flatten(ws, bs);
    }

    /// <summary>The flat gradient ∂ℓ/∂θ (detached copy).</summary>
    public Tensor Gradient() => _flatGradient.detach().clone();

    /// <inheritdoc />
    public Tensor Apply(Tensor v)
    {
        if (v.shape.Length != 1 || v.shape[0] != Dimension)
            throw new ArgumentException($"vector has shape [{string.Join(",", v.shape)}], expected [{Dimension}]", nameof(v));
        using var scope = torch.NewDisposeScope();
        var dot = _flatGradient.dot(v.to(DType, _flatGradient.device).detach()) + _connector;
        return SecondBackward(dot).MoveToOuterDisposeScope();
    }

    /// <summary>Row k of H (the paper's method: backward of one gradient entry).</summary>
    public Tensor Row(long k)
    {
        if (k < 0 || k >= Dimension) throw new ArgumentOutOfRangeException(nameof(k), $"row {k} outside [0, {Dimension})");
        using var scope = torch.NewDisposeScope();
        return SecondBackward(_flatGradient[k] + _connector).MoveToOuterDisposeScope();
    }

    /// <summary>The rows of H for the given θ indices, as a (rows × P) matrix, or (rows × |columns|) when
    /// <paramref name="columns"/> is given (a sub-matrix H[rows, columns] without storing whole rows).</summary>
    /// <param name="rows">θ indices; null for all P rows (the full Hessian).</param>
    /// <param name="progress">Called after each row with (done, total).</param>
    /// <param name="columns">θ indices of the columns to keep; null for all.</param>
    public Tensor Rows(IReadOnlyList<long>? rows = null, Action<int, int>? progress = null, IReadOnlyList<long>? columns = null) =>
        HessianRows.Collect(Row, Dimension, DType, _flatGradient.device, rows, progress, columns);

    /// <summary>The full P × P Hessian, symmetrized ((H + Hᵀ)/2 removes rounding asymmetry only).</summary>
    public Tensor Full(Action<int, int>? progress = null)
    {
        using var scope = torch.NewDisposeScope();
        var h = Rows(null, progress);
        return ((h + h.t()) * 0.5).MoveToOuterDisposeScope();
    }

    private Tensor SecondBackward(Tensor scalar)
    {
        var parts = SafeAutograd.Grad(scalar, _parameters);
        return _flatten(parts.ToList()).detach();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _flatGradient.Dispose();
        _connector.Dispose();
    }
}
