namespace HessianLab.Models;

/// <summary>A contiguous range of θ treated as one block of the Hessian.</summary>
/// <param name="Start">First θ index.</param>
/// <param name="Length">Number of entries.</param>
/// <param name="Segment">Index of the segment (layer) it belongs to.</param>
/// <param name="Label">e.g. "W1[3]" for neuron 3 of layer 1, or "W2" for a whole layer.</param>
public sealed record ParameterBlock(long Start, int Length, int Segment, string Label)
{
    /// <summary>One past the last θ index.</summary>
    public long End => Start + Length;
}
