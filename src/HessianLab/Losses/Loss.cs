using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Losses;

/// <summary>The loss functions of <see cref="LossKind"/> on logits (N × C) and labels (N).</summary>
public static class Loss
{
    /// <summary>Mean loss over the batch (a scalar with graph).</summary>
    public static Tensor Compute(LossKind kind, Tensor logits, Tensor labels) => kind switch
    {
        LossKind.Ce => nn.functional.cross_entropy(logits, labels),
        LossKind.Mse => nn.functional.mse_loss(logits, OneHot(labels, (int)logits.shape[1], logits.dtype)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>One-hot targets of the given dtype.</summary>
    public static Tensor OneHot(Tensor labels, int classes, ScalarType dtype) =>
        nn.functional.one_hot(labels, classes).to(dtype);
}
