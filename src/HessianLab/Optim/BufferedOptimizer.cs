using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Optim;

/// <summary>Base of this project's optimizers (TorchSharp's <see cref="OptimizerHelper"/> pattern): one
/// <see cref="BufferState"/> per parameter, created when its group is added, advanced once per step, disposed with
/// the optimizer.</summary>
public abstract partial class BufferedOptimizer : OptimizerHelper
{
    /// <summary>What every constructor ends with (TorchSharp's optimizers do the same): the validated defaults, then each
    /// group added through the optimizer's own <c>add_param_group</c>.</summary>
    protected void Initialize(OptimizerOptions defaults, IEnumerable<TorchSharp.Modules.ParamGroup> groups)
    {
        _defaults = defaults;
        _parameter_groups = new List<TorchSharp.Modules.ParamGroup>();
        foreach (var g in groups) add_param_group(g);
    }

    /// <summary>Adds a group whose parameters are <paramref name="parameters"/>, each with a fresh state.</summary>
    protected void Register(TorchSharp.Modules.ParamGroup group, IList<Parameter> parameters, Func<Parameter, BufferState> newState)
    {
        group.Parameters = parameters;
        _parameter_groups.Add(group);
        foreach (var p in parameters) _state[p.Handle] = newState(p);
    }

    /// <summary>The parameters that have a gradient, each with its state, whose step count is advanced for this step.</summary>
    protected IEnumerable<(Parameter Parameter, Tensor Grad, BufferState State)> WithGradients(IEnumerable<Parameter> parameters)
    {
        foreach (var p in parameters)
        {
            if (p.grad is not { } grad) continue;
            var state = (BufferState)_state[p.Handle];
            state.Step++;
            yield return (p, grad, state);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        foreach (var kv in _state) ((BufferState)kv.Item2).Dispose();
    }
}
