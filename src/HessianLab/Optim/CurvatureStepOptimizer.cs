using HessianLab.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Optim;

/// <summary>Base of the full-batch second-order optimizers of an <see cref="Mlp"/>: θ ← θ − lr · P(θ) ∇ℓ(θ), with the
/// gradient read from the parameters' <c>grad</c> (set by the caller's backward, as for any torch optimizer) and the
/// direction P ∇ℓ from a curvature model at the current weights, in float64 and θ's row-major order.</summary>
/// <remarks>Works with any training loop that calls zero_grad / backward / step and sets the learning rate through
/// <see cref="ParamGroups"/> (a schedule multiplies the base rate). No state beyond the step count.</remarks>
public abstract class CurvatureStepOptimizer : optim.Optimizer
{
    private readonly Controller _controller;

    /// <summary>Creates the optimizer for <paramref name="model"/> with base rate <paramref name="lr"/>.</summary>
    /// <exception cref="ArgumentException">lr not a finite number ≥ 0.</exception>
    protected CurvatureStepOptimizer(Mlp model, double lr) : base(IntPtr.Zero)
    {
        OptimGuard.NonNegative(lr, "learning rate");
        Model = model;
        _controller = new Controller { LearningRate = lr, InitialLearningRate = lr };
    }

    /// <summary>The network.</summary>
    public Mlp Model { get; }

    /// <summary>Steps taken.</summary>
    public long Steps { get; private set; }

    /// <summary>P ∇ℓ for the gradient <paramref name="grad"/> (θ order, float64) at the model's current weights.</summary>
    protected abstract Tensor Direction(Tensor grad);

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null)
    {
        Tensor? loss = null;
        if (closure is not null) using (torch.enable_grad()) loss = closure();
        using (var scope = torch.NewDisposeScope())
        using (torch.no_grad())
        {
            var grad = Model.Layout.Flatten(Model.Weights.Select(w => Grad(w)).ToList(),
                Model.Biases.Select(b => b is null ? null : Grad(b)).ToList()).to(ScalarType.Float64);
            Steps++;
            var theta = Model.FlatParameters().to(ScalarType.Float64) - _controller.LearningRate * Direction(grad);
            Model.LoadFlatParameters(theta);
        }
        return loss!;
    }

    private static Tensor Grad(Parameter p) => p.grad is { } g ? g : zeros_like(p);

    /// <inheritdoc />
    public override void zero_grad()
    {
        foreach (var p in Model.OrderedParameters()) p.grad?.zero_();
    }

    /// <inheritdoc />
    public override IEnumerable<Parameter> parameters() => Model.OrderedParameters();

    /// <inheritdoc />
    public override IEnumerable<optim.ILearningRateController> ParamGroups => new[] { _controller };

    private sealed class Controller : optim.ILearningRateController
    {
        public double LearningRate { get; set; }
        public double InitialLearningRate { get; set; }
    }
}
