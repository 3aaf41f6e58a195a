namespace HessianLab.Models;

/// <summary>An arbitrary (not necessarily contiguous) set of θ indices treated as one block of the Hessian,
/// e.g. one neuron of a module whose θ keeps weight and bias apart (row i of W and entry i of b).</summary>
/// <param name="Indices">θ indices, in the order the block's rows and columns are read.</param>
/// <param name="Group">Group (layer) the block belongs to; the off/diag ratio ρ is taken within a group.</param>
/// <param name="Label">e.g. "fc1[3]" for neuron 3 of the layer whose weight is fc1.weight.</param>
public sealed record IndexBlock(long[] Indices, int Group, string Label)
{
    /// <summary>Number of θ indices |I|.</summary>
    public int Length => Indices.Length;
}
