using TorchSharp.Modules;

namespace HessianLab.Optim;

public sealed partial class RoutedOptimizer
{
    /// <summary>The state of one parameter, from whichever optimizer it is routed to.</summary>
    /// <exception cref="ArgumentException">The parameter is not routed here.</exception>
    public BufferState StateOf(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var route = Routes.FirstOrDefault(r => r.Parameter.Handle == parameter.Handle)
            ?? throw new ArgumentException("the parameter is not routed by this optimizer", nameof(parameter));
        if (route.Target == RouteTarget.AdamW && _aux is not null) return _aux.StateOf(parameter);
        if (_matrix is BufferedOptimizer m) return m.StateOf(parameter);
        throw new ArgumentException($"'{route.Name}' is optimized by {_matrix.GetType().Name}, which keeps no BufferState", nameof(parameter));
    }
}
