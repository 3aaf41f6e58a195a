using TorchSharp.Modules;

namespace HessianLab.Optim;

public abstract partial class BufferedOptimizer
{
    /// <summary>The state of one parameter (step count, <see cref="BufferState.Momentum"/>,
    /// <see cref="BufferState.SecondMoment"/>), like <c>optimizer.state[p]</c> in PyTorch.</summary>
    /// <exception cref="ArgumentException">The parameter is not optimized by this optimizer.</exception>
    public BufferState StateOf(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (parameters().Any(q => q.Handle == parameter.Handle)) return (BufferState)_state[parameter.Handle];
        throw new ArgumentException("the parameter is not optimized by this optimizer", nameof(parameter));
    }
}
