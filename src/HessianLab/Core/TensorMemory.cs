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
}
