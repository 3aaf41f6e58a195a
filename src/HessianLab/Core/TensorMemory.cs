using static TorchSharp.torch;

namespace HessianLab.Core;

/// <summary>Where a CPU tensor's data sit in memory.</summary>
internal static class TensorMemory
{
    /// <summary>Address of element 0 of <paramref name="t"/> (numel ≥ 1, CPU): a one-element view is contiguous, so its
    /// byte span starts there, whatever the strides of <paramref name="t"/>. The view keeps t's storage offset (TorchSharp's
    /// as_strided defaults it to 0, the start of the storage, which is wrong for a view such as a band of rows).</summary>
    public static unsafe long FirstElementAddress(Tensor t)
    {
        using var first = t.detach().as_strided(new long[] { 1 }, new long[] { 1 }, t.storage_offset());
        fixed (byte* p = first.bytes) return (long)p;
    }

    /// <summary>Whether a loop may read <paramref name="t"/> straight from <see cref="FirstElementAddress"/>: a contiguous
    /// CPU tensor of float64 or float32 (the in-place block maps and pooled maps).</summary>
    public static bool IsContiguousCpuFloat(Tensor t) =>
        t.device_type == TorchSharp.DeviceType.CPU && t.is_contiguous() && t.dtype is ScalarType.Float64 or ScalarType.Float32;
}
