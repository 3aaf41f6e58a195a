using HessianLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature;

/// <summary>The Hessian or GGN of any module's loss, averaged over the mini-batches of a data set, as an
/// <see cref="ILinearOperator"/> on θ (<see cref="ModuleParameters"/> order) — PyHessian's data-loader mode.</summary>
/// <remarks>
/// A v = Σ_b N_b A_b v / Σ_b N_b, where A_b is the curvature of the batch loss ℓ_b = loss(model(X_b), Y_b) (a mean
/// over the batch's samples, as PyTorch's losses are). For a mean loss this is exactly the curvature of the loss on
/// all samples together, whatever the batch sizes; with equal batches it is the plain mean of the batch operators.
/// Each product rebuilds the graph per batch (one forward and two or three backward passes), so only one batch's
/// activations are alive at a time and the operator always reads the module's current weights. Frozen parameters
/// (requires_grad = false) are not part of θ. Reference: Yao et al., "PyHessian" (2020), <c>dataloader_hv_product</c>.
/// </remarks>
public sealed class ModuleCurvatureOperator : ILinearOperator
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly Func<Tensor, Tensor, Tensor> _loss;
    private readonly long _samples;

    /// <summary>The trainable parameters (θ order).</summary>
    public ModuleParameters Parameters { get; }

    /// <summary>The batches the operator averages over.</summary>
    public IReadOnlyList<Batch> Batches { get; }

    /// <summary>Hessian or GGN.</summary>
    public CurvatureKind Kind { get; }

    /// <inheritdoc />
    public long Dimension => Parameters.Count;

    /// <inheritdoc />
    public ScalarType DType => Parameters.Tensors[0].dtype;

    /// <summary>Creates the operator.</summary>
    /// <param name="model">Any module mapping a batch's inputs to outputs.</param>
    /// <param name="loss">(output, target) → scalar mean loss, e.g. <c>(z, y) =&gt; functional.cross_entropy(z, y)</c>.</param>
    /// <param name="batches">The data set as mini-batches (at least one, none empty).</param>
    /// <param name="kind">Hessian (default) or GGN.</param>
    /// <exception cref="ArgumentException">No batches, an empty batch, or a module without trainable parameters.</exception>
    public ModuleCurvatureOperator(nn.Module<Tensor, Tensor> model, Func<Tensor, Tensor, Tensor> loss, IEnumerable<Batch> batches,
        CurvatureKind kind = CurvatureKind.Hessian)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(batches);
        _model = model;
        _loss = loss;
        Batches = batches.ToList();
        if (Batches.Count == 0) throw new ArgumentException("the data set has no batches", nameof(batches));
        if (Batches.Any(b => b.Size <= 0)) throw new ArgumentException("a batch has no samples", nameof(batches));
        _samples = Batches.Sum(b => b.Size);
        Parameters = ModuleParameters.Of(model);
        Kind = kind;
    }

    /// <summary>Cuts (inputs, targets) into consecutive batches of <paramref name="batchSize"/> samples (the last may be smaller).</summary>
    /// <exception cref="ArgumentException">A batch size below 1, or inputs and targets with different sample counts.</exception>
    public static IReadOnlyList<Batch> Split(Tensor inputs, Tensor targets, int batchSize)
    {
        if (batchSize < 1) throw new ArgumentException($"batch size must be ≥ 1, got {batchSize}", nameof(batchSize));
        long n = inputs.shape[0];
        if (targets.shape[0] != n)
            throw new ArgumentException($"inputs have {n} samples but targets have {targets.shape[0]}", nameof(targets));
        var batches = new List<Batch>();
        for (long s = 0; s < n; s += batchSize)
        {
            long len = Math.Min(batchSize, n - s);
            batches.Add(new Batch(inputs.narrow(0, s, len), targets.narrow(0, s, len)));
        }
        return batches;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A vector whose shape is not [P].</exception>
    public Tensor Apply(Tensor v)
    {
        if (v.dim() != 1 || v.shape[0] != Dimension)
            throw new ArgumentException($"vector has shape [{string.Join(",", v.shape)}], expected [{Dimension}]", nameof(v));
        using var scope = torch.NewDisposeScope();
        var parts = Parameters.Split(v.detach().to(DType, Parameters.Tensors[0].device));
        var ps = Parameters.Tensors;
        Tensor? sum = null;
        foreach (var b in Batches)
        {
            using var batchScope = torch.NewDisposeScope();
            var product = Kind == CurvatureKind.Hessian
                ? CurvatureProducts.HessianVector(ps, () => _loss(_model.forward(b.Input), b.Target), parts)
                : CurvatureProducts.GgnVector(ps, () => _model.forward(b.Input), z => _loss(z, b.Target), parts);
            var flat = Parameters.Flatten(product) * ((double)b.Size / _samples);
            sum = sum is null ? flat.MoveToOuterDisposeScope() : sum.add_(flat);
        }
        return sum!.MoveToOuterDisposeScope();
    }
}
