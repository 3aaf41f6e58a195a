using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Optim;

/// <summary>AdamW (decoupled weight decay), step for step the update of TorchSharp's torch.optim.AdamW, with moment
/// buffers kept in float32 or wider whatever the parameter dtype.</summary>
/// <remarks>
/// t += 1; W ·= 1 − lr·wd; m = β₁ m + (1−β₁) g; v = β₂ v + (1−β₂) g²;
/// W −= lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε). Defaults lr 1e-3, (0.9, 0.999), ε 1e-8, wd 0.01 (PyTorch's).
/// Reference: I. Loshchilov, F. Hutter, "Decoupled Weight Decay Regularization" (ICLR 2019); TorchSharp AdamW.cs.
/// Used as Muon/NorMuon's auxiliary optimizer (lr 3e-4, (0.9, 0.95), ε 1e-10, wd 0: <see cref="ParameterRouting"/>).
/// </remarks>
public sealed class AdamWOptimizer : BufferedOptimizer
{
    /// <summary>Creates AdamW over one group.</summary>
    /// <exception cref="ArgumentException">A hyperparameter out of range.</exception>
    public AdamWOptimizer(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.01)
        : this(new[] { new ParamGroup<AdamOptions>(parameters, null!) }, lr, beta1, beta2, eps, weightDecay)
    {
    }

    /// <summary>Creates AdamW over parameter groups (unset group options take these defaults).</summary>
    public AdamWOptimizer(IEnumerable<ParamGroup<AdamOptions>> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.01)
    {
        var options = new AdamOptions { LearningRate = lr, InitialLearningRate = lr, Beta1 = beta1, Beta2 = beta2, Eps = eps, WeightDecay = weightDecay };
        options.Validate();
        Initialize(options, groups);
    }

    /// <summary>Label for outputs.</summary>
    public string Label
    {
        get { var o = (AdamOptions)_defaults; return $"AdamW (betas ({o.Beta1}, {o.Beta2}), eps {o.Eps:G3}, wd {o.WeightDecay})"; }
    }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup<AdamOptions>>(group =>
    {
        foreach (var (param, grad, state) in WithGradients(group.Parameters))
            AdamMath.Step(param, grad, state, group.Options);
    }, closure)!;

    /// <inheritdoc />
    public override void add_param_group(TorchSharp.Modules.ParamGroup paramGroup)
    {
        paramGroup.Options ??= new AdamOptions();
        ((AdamOptions)paramGroup.Options).FillFrom((AdamOptions)_defaults);
        Register(paramGroup, paramGroup.Parameters.ToList(), p => new BufferState(p, p.shape, p.shape));
    }
}
