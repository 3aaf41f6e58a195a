using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Optim;

/// <summary>Adam-mini: Adam with one second moment per Hessian block (per neuron, head, token, tensor or element),
/// blocks given explicitly by an <see cref="AdamMiniPartition"/>.</summary>
/// <remarks>
/// W ·= 1 − lr·wd; m = β₁ m + (1−β₁) g (per element); v_B = β₂ v_B + (1−β₂) mean_{i∈B} g_i² (one scalar per block);
/// W −= lr · (m/(1−β₁ᵗ)) / (√(v_B/(1−β₂ᵗ)) + ε). Defaults lr 1e-3, (0.9, 0.999), ε 1e-8, wd 0.
/// Reference: Y. Zhang et al., "Adam-mini: Use Fewer Learning Rates To Gain More" (ICLR 2025), github.com/zyushun/Adam-mini.
/// Unlike the reference, a parameter without an explicit block rule is an error, never a silent one-block fallback.
/// </remarks>
public sealed class AdamMini : OptimizerHelper
{
    private readonly Dictionary<IntPtr, BlockAssignment> _rules = new();

    /// <summary>Creates Adam-mini over the parameters of a partition (one group).</summary>
    /// <exception cref="ArgumentException">A hyperparameter out of range.</exception>
    public AdamMini(AdamMiniPartition partition, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
    {
        var options = new AdamOptions { LearningRate = lr, InitialLearningRate = lr, Beta1 = beta1, Beta2 = beta2, Eps = eps, WeightDecay = weightDecay };
        options.Validate();
        _defaults = options;
        _parameter_groups = new List<TorchSharp.Modules.ParamGroup>();
        foreach (var e in partition.Entries) _rules[e.Parameter.Handle] = e;
        add_param_group(new ParamGroup<AdamOptions>(partition.Entries.Select(e => e.Parameter).ToList(), null!));
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
        var o = group.Options;
        double lr = o.LearningRate!.Value, beta1 = o.Beta1!.Value, beta2 = o.Beta2!.Value, eps = o.Eps!.Value, wd = o.WeightDecay!.Value;
        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            var state = (BufferState)_state[param.Handle];
            state.Step++;
            Tensor m = state.Buffers[0], v = state.Buffers[1];          // m: (B, numel/B) view of the parameter; v: (B)
            var g = grad.reshape(m.shape).to(m.dtype);
            param.mul_(1 - lr * wd);
            double bc1 = 1 - Math.Pow(beta1, state.Step), bc2 = 1 - Math.Pow(beta2, state.Step);
            m.mul_(beta1).add_(g, alpha: 1 - beta1);
            v.mul_(beta2).add_((g * g).mean(new long[] { 1 }), alpha: 1 - beta2);
            var denom = (v / bc2).sqrt_().add_(eps).unsqueeze(1);
            var update = (m / bc1) / denom;
            param.add_(update.reshape(param.shape).to(param.dtype), alpha: -lr);
        }
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
        paramGroup.Parameters = ps;
        _parameter_groups.Add(paramGroup);
        foreach (var p in ps)
        {
            long blocks = _rules[p.Handle].BlockCount;
            _state[p.Handle] = new BufferState(p, new[] { blocks, p.numel() / blocks }, new[] { blocks });
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        foreach (var kv in _state) ((BufferState)kv.Item2).Dispose();
    }
}
