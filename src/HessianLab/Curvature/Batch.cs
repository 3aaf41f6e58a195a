using static TorchSharp.torch;

namespace HessianLab.Curvature;

/// <summary>One mini-batch: inputs (first dimension = samples) and targets.</summary>
/// <param name="Input">Model inputs, N_b × ….</param>
/// <param name="Target">Targets (labels or regression values), handed to the loss as they are.</param>
public sealed record Batch(Tensor Input, Tensor Target)
{
    /// <summary>N_b, the number of samples (first dimension of <see cref="Input"/>).</summary>
    public long Size => Input.shape.Length == 0 ? 1 : Input.shape[0];
}
