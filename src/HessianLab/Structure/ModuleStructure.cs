using HessianLab.Models;
using static TorchSharp.torch;

namespace HessianLab.Structure;

/// <summary>Structure metrics of the Hessian of any module whose θ is <see cref="ModuleParameters"/> order
/// (registration order, weights and biases apart): neuron blocks pair a weight row with its bias entry.</summary>
/// <remarks>The Hessian is permuted once into neuron order, H' = H[order, order] with order =
/// <see cref="ModuleParameters.NeuronOrder"/>, and analysed with <see cref="ModuleParameters.NeuronLayout"/>:
/// blocks = neurons (rows of a weight with their bias, conv filters), groups = layers. A similarity permutation
/// changes no block norm, so the metrics are those of H over the index-set blocks.</remarks>
public static class ModuleStructure
{
    /// <summary>Block maps and metrics (ρ per layer, block-diagonal and layer-diagonal shares) of <paramref name="h"/>.</summary>
    /// <param name="h">P × P Hessian in the θ order of <paramref name="parameters"/>.</param>
    /// <param name="parameters">The module's trainable parameters.</param>
    /// <exception cref="ArgumentException">A matrix whose size is not P × P.</exception>
    public static StructureAnalysis Analyze(Tensor h, ModuleParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (h.dim() != 2 || h.shape[0] != parameters.Count || h.shape[1] != parameters.Count)
            throw new ArgumentException($"the Hessian has shape [{string.Join(",", h.shape)}] but the module has P = {parameters.Count} trainable parameters", nameof(h));
        var layout = parameters.NeuronLayout();
        var order = new IndexPartition(new[] { new IndexBlock(parameters.NeuronOrder(), 0, "θ") });
        using var permuted = order.Gather(h);
        return StructureAnalysis.Analyze(permuted, layout);
    }
}
