using static TorchSharp.torch;

namespace HessianLab.Curvature;

/// <summary>Argument checks of <see cref="SoftmaxHeadHessian"/>, made before any backward (a libtorch error inside
/// autograd would end the process; docs/torchsharp.md).</summary>
internal static class SoftmaxHeadChecks
{
    /// <summary>Features (…, d) in the head's dtype, int64 targets of the leading shape with values in [0, V).</summary>
    /// <exception cref="ArgumentException">The first mismatch, naming the argument.</exception>
    public static void Validate(Tensor features, Tensor targets, long vocabulary, long width, ScalarType dtype)
    {
        const string f = "features", t = "targets";
        if (features.dim() < 2 || features.shape[^1] != width)
            throw new ArgumentException($"features must have shape (…, {width}) for a head of width {width}, got [{string.Join(",", features.shape)}]", f);
        if (features.dtype != dtype) throw new ArgumentException($"features are {features.dtype}, the head weight is {dtype}", f);
        if (targets.dtype != ScalarType.Int64) throw new ArgumentException($"targets must be int64 class indices, got {targets.dtype}", t);
        var lead = features.shape[..^1];
        if (!targets.shape.SequenceEqual(lead))
            throw new ArgumentException($"targets have shape [{string.Join(",", targets.shape)}], expected the features' leading shape [{string.Join(",", lead)}]", t);
        if (targets.numel() == 0) throw new ArgumentException("no targets: the mean cross-entropy of zero samples is undefined", t);
        long lo = targets.min().item<long>(), hi = targets.max().item<long>();
        if (lo < 0 || hi >= vocabulary) throw new ArgumentException($"targets must be in [0, {vocabulary}), got values in [{lo}, {hi}]", t);
    }

    /// <summary>Whether two handles show the same tensor: same shape, strides and first element's address (TorchSharp
    /// wraps one parameter in different .NET objects, e.g. <c>Embedding.weight</c> and <c>parameters()</c>).</summary>
    public static bool SameTensor(Tensor a, Tensor b)
    {
        if (a.Handle == b.Handle) return true;
        if (!a.shape.SequenceEqual(b.shape) || !a.stride().SequenceEqual(b.stride()) || a.numel() == 0 || a.dtype != b.dtype) return false;
        if (a.device_type != TorchSharp.DeviceType.CPU || b.device_type != TorchSharp.DeviceType.CPU) return false;   // elsewhere: the same handle only
        return Core.TensorMemory.FirstElementAddress(a) == Core.TensorMemory.FirstElementAddress(b);
    }
}
