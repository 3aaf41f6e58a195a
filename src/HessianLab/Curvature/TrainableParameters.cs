namespace HessianLab.Curvature;

/// <summary>The check every autograd-based curvature operator makes of its parameters before building a graph.</summary>
internal static class TrainableParameters
{
    /// <summary>At least one parameter, each with requires_grad.</summary>
    /// <exception cref="ArgumentException">No parameters, or a frozen one (named by index and shape).</exception>
    public static void Check(IReadOnlyList<TorchSharp.torch.Tensor> parameters, string paramName)
    {
        if (parameters.Count == 0) throw new ArgumentException("no parameters to differentiate", paramName);
        for (int i = 0; i < parameters.Count; i++)
            if (!parameters[i].requires_grad)
                throw new ArgumentException($"parameter {i} (shape [{string.Join(",", parameters[i].shape)}]) is frozen (requires_grad = false); " +
                    "pass only trainable parameters, e.g. ModuleParameters.Of(module).Tensors", paramName);
    }
}
