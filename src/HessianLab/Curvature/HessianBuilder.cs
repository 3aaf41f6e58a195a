using HessianLab.Curvature.Exact;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using static TorchSharp.torch;

namespace HessianLab.Curvature;

/// <summary>Chooses and runs a Hessian backend (Math.NET-style provider choice with a safe default):
/// the exact engine for MLPs, autograd otherwise; overridable with <see cref="HessianMethod"/>.</summary>
/// <remarks>Both backends return θ in the same layout (<see cref="ParameterLayout"/> for an MLP; parameters in
/// registration order otherwise) and the loss ℓ = Loss.Compute(kind, model(X), y) (mean over samples).</remarks>
public static class HessianBuilder
{
    /// <summary>The method <paramref name="method"/> resolves to for this model.</summary>
    /// <exception cref="ArgumentException">Exact requested for a model that is not an <see cref="Mlp"/>.</exception>
    public static HessianMethod Resolve(nn.Module model, HessianMethod method) => method switch
    {
        HessianMethod.Auto => model is Mlp ? HessianMethod.Exact : HessianMethod.Autograd,
        HessianMethod.Exact when model is not Mlp => throw new ArgumentException(
            $"method {HessianMethod.Exact} handles only MLPs (HessianLab.Models.Mlp); this model is a {model.GetType().Name}: use {HessianMethod.Autograd} or {HessianMethod.Auto}", nameof(method)),
        _ => method,
    };

    /// <summary>The full P × P Hessian of the model's loss on <paramref name="data"/>.</summary>
    /// <param name="model">Any TorchSharp module mapping inputs (N × d) to logits (N × C).</param>
    /// <param name="data">Inputs and labels.</param>
    /// <param name="loss">CE or MSE (PyTorch conventions).</param>
    /// <param name="method">Auto (default): exact for MLPs, autograd otherwise.</param>
    /// <param name="options">Exact-engine options (memory budget, dtype); ignored by autograd.</param>
    /// <param name="progress">Autograd only: called after each row with (done, total).</param>
    public static Tensor Full(nn.Module<Tensor, Tensor> model, Dataset data, LossKind loss, HessianMethod method = HessianMethod.Auto,
        ExactHessianOptions? options = null, Action<int, int>? progress = null) =>
        Part(model, data, loss, HessianPart.Full, method, options, progress);

    /// <summary>The full Hessian, or its GGN or residual part (the parts need the exact engine).</summary>
    /// <exception cref="ArgumentException">A part other than Full with a method that resolves to autograd.</exception>
    public static Tensor Part(nn.Module<Tensor, Tensor> model, Dataset data, LossKind loss, HessianPart part,
        HessianMethod method = HessianMethod.Auto, ExactHessianOptions? options = null, Action<int, int>? progress = null)
    {
        var resolved = Resolve(model, method);
        if (resolved == HessianMethod.Exact)
            return new ExactMlpHessian((Mlp)model, data, loss, options).Full(part);
        if (part != HessianPart.Full)
            throw new ArgumentException($"the {part} part of the Hessian needs the exact engine (an Mlp with method Auto or Exact), not autograd", nameof(part));
        Tensor Compute() => Loss.Compute(loss, model.forward(data.X), data.Y);
        using var hessian = model is Mlp mlp ? AutogradHessian.ForMlp(mlp, Compute) : AutogradHessian.ForModule(model, Compute);
        return hessian.Full(progress);
    }

    /// <summary>Exact engine for an MLP (for blocks, rows and parts); throws for other models.</summary>
    /// <exception cref="ArgumentException">The model is not an <see cref="Mlp"/>.</exception>
    public static ExactMlpHessian Exact(nn.Module<Tensor, Tensor> model, Dataset data, LossKind loss, ExactHessianOptions? options = null)
    {
        Resolve(model, HessianMethod.Exact);
        return new ExactMlpHessian((Mlp)model, data, loss, options);
    }
}
