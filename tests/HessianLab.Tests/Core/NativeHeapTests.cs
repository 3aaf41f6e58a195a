using HessianLab.Core;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.Core;

[Collection(TorchCollection.Name)]
public sealed class NativeHeapTests
{
    [Fact]
    public void Zeros_with_huge_page_advice_is_a_zero_tensor_of_the_shape_and_dtype_and_the_advice_applies_on_linux()
    {
        using var scope = NewDisposeScope();
        var t = NativeHeap.Zeros(new long[] { 1500, 1500 }, ScalarType.Float64, CPU);   // 18 MB: whole 2 MB pages inside
        Assert.Equal(new long[] { 1500, 1500 }, t.shape);
        Assert.Equal(ScalarType.Float64, t.dtype);
        Assert.Equal(0.0, t.abs().max().item<double>());
        Assert.Equal(OperatingSystem.IsLinux(), NativeHeap.AdviseHugePages(empty(new long[] { 1500, 1500 }, ScalarType.Float64)));
        Assert.False(NativeHeap.AdviseHugePages(empty(new long[] { 10, 10 }, ScalarType.Float64)));            // below one huge page
        Assert.False(NativeHeap.AdviseHugePages(empty(new long[] { 1500, 1500 }, ScalarType.Float64).t()));    // not contiguous
    }

    [Fact]
    public void Prefault_declines_on_any_thread_but_the_main_one_and_below_two_huge_pages()
    {
        NativeHeap.RetainFreedMemory();
        // On another thread glibc's arena would map 64 MB afresh and unmap it on free: nothing would be kept for reuse,
        // so Prefault must decline instead of touching memory for nothing.
        bool onThread = true, small = true;
        var thread = new Thread(() => { onThread = NativeHeap.Prefault(64L << 20); small = NativeHeap.Prefault(1L << 20); });
        thread.Start();
        thread.Join();
        Assert.False(onThread);
        Assert.False(small);
    }
}
