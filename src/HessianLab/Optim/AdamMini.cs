using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Optim;

/// <summary>Adam-mini: Adam with one second moment per Hessian block (per neuron, head, token, tensor or element),
/// blocks given explicitly by an <see cref="AdamMiniPartition"/>.</summary>
/// <remarks>
/// W ·= 1 − lr·wd; m = β₁ m + (1−β₁) g (per element); v_B = β₂ v_B + (1−β₂) mean_{i∈B} g_i² (one scalar per block);
/// W −= lr · (m/(1−β₁ᵗ)) / (√(v_B/(1−β₂ᵗ)) + ε) (<see cref="AdamMath"/>). Defaults lr 1e-3, (0.9, 0.999), ε 1e-8, wd 0.
/// Reference: Y. Zhang et al., "Adam-mini: Use Fewer Learning Rates To Gain More" (ICLR 2025), github.com/zyushun/Adam-mini.
/// Unlike the reference, a parameter without an explicit block rule is an error, never a silent one-block fallback.
/// </remarks>
public sealed class AdamMini : BufferedOptimizer
{
    private readonly Dictionary<IntPtr, BlockAssignment> _rules = new();

    /// <summary>Creates Adam-mini over the parameters of a partition (one group).</summary>
    /// <exception cref="ArgumentException">A hyperparameter out of range.</exception>
    public AdamMini(AdamMiniPartition partition, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
    {
        var options = new AdamOptions { LearningRate = lr, InitialLearningRate = lr, Beta1 = beta1, Beta2 = beta2, Eps = eps, WeightDecay = weightDecay };
        options.Validate();
        foreach (var e in partition.Entries) _rules[e.Parameter.Handle] = e;
        Initialize(options, new[] { new ParamGroup<AdamOptions>(partition.Entries.Select(e => e.Parameter).ToList(), null!) });
    }

    /// <summary>The block assignments (name, rule, count) in use.</summary>
    public IReadOnlyCollection<BlockAssignment> Assignments => _rules.Values;

    /// <summary>Label for outputs.</summary>
    public string Label
    {
        get { var o = (AdamOptions)_defaults; return $"Adam-mini (betas ({o.Beta1}, {o.Beta2}), eps {o.Eps:G3}, wd {o.WeightDecay}; {_rules.Values.Sum(r => r.BlockCount)} blocks)"; }
    }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup<AdamOptions>>(group =>
    {
        foreach (var (param, grad, state) in WithGradients(group.Parameters))
            AdamMath.Step(param, grad, state, group.Options);                  // m: (B, numel/B); v: (B)
    }, closure)!;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A parameter without a block rule.</exception>
    public override void add_param_group(TorchSharp.Modules.ParamGroup paramGroup)
    {
        paramGroup.Options ??= new AdamOptions();
        ((AdamOptions)paramGroup.Options).FillFrom((AdamOptions)_defaults);
        var ps = paramGroup.Parameters.ToList();
        foreach (var p in ps)
            if (!_rules.ContainsKey(p.Handle))
                throw new ArgumentException($"Adam-mini has no block rule for a parameter of shape [{string.Join(",", p.shape)}]; add it to the AdamMiniPartition");
        Register(paramGroup, ps, p =>
        {
            long blocks = _rules[p.Handle].BlockCount;
            return new BufferState(p, new[] { blocks, p.numel() / blocks }, new[] { blocks });
        });
    }
}
