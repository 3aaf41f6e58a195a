using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Core;

/// <summary>How libtorch's CPU tensors get their memory from glibc on Linux, where first touches of fresh memory, not
/// arithmetic, dominate a large exact Hessian's wall time (docs/performance.md, "Memory that is new to the process").</summary>
/// <remarks>
/// glibc serves allocations above its mmap threshold (at most 32 MB) with a fresh <c>mmap</c> and returns them with
/// <c>munmap</c> on free, so every large temporary of every call is faulted in page by page again (measured here: about
/// 1 s per GB, more than the arithmetic on it). <see cref="RetainFreedMemory"/> raises the mmap and trim thresholds so
/// freed blocks stay in the heap and are reused; <see cref="AdviseHugePages"/> asks for 2 MB transparent huge pages for
/// one large tensor before its first touch (512× fewer faults where THP is in "madvise" mode). Both are no-ops
/// elsewhere (other systems, other C libraries, GPU tensors) and change no numbers.
/// </remarks>
public static partial class NativeHeap
{
    private const int MmapThreshold = -3, TrimThreshold = -1;   // glibc <malloc.h>: M_MMAP_THRESHOLD, M_TRIM_THRESHOLD
    private const int MadviseHugePage = 14;                      // <sys/mman.h>: MADV_HUGEPAGE
    private const long HugePage = 2L << 20, Page = 4096;
    private static volatile bool s_retaining;

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int param, int value);

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int MAdvise(nint address, nuint length, int advice);

    [LibraryImport("libc", EntryPoint = "malloc")]
    private static partial nint Malloc(nuint size);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(nint address);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    /// <summary>Keeps memory freed by this process for its later allocations instead of returning blocks above 32 MB to
    /// the system (glibc's <c>mallopt</c>: mmap threshold 1 GB, no trimming). A process-wide setting for applications
    /// (the command line sets it at start); the peak resident size is unchanged, the resident size no longer shrinks
    /// after a peak. Returns false where it does not apply.</summary>
    public static bool RetainFreedMemory()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            s_retaining = MallOpt(MmapThreshold, 1 << 30) == 1 && MallOpt(TrimThreshold, int.MaxValue) == 1;
            // Bind the entry points Prefault uses now: the first call of a native function looks it up with dlsym, which
            // waits while another thread's dlopen runs library constructors (libtorch's take about 0.5 s).
            Free(Malloc(1));
            MAdvise(0, 0, MadviseHugePage);
            GetTid();
            return s_retaining;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { return false; }
    }

    /// <summary>Backs <paramref name="bytes"/> of this thread's heap with memory now and frees it again, so that the
    /// next large allocations on this thread (e.g. a Hessian) reuse pages that are already backed instead of faulting
    /// in fresh ones one by one. Worth it only while the thread would otherwise wait, e.g. while libtorch loads.</summary>
    /// <remarks>
    /// Needs <see cref="RetainFreedMemory"/> (otherwise glibc would return the block to the system on free) and the
    /// process's main thread: glibc serves each thread from its own arena, and the other threads' arenas serve blocks
    /// this large with <c>mmap</c> and return them on free whatever the thresholds. The block is advised huge pages and
    /// written once per 4 KB page. Changes no number: the memory is freed before anything uses it. Returns false where
    /// it does not apply (and then does nothing).
    /// </remarks>
    public static bool Prefault(long bytes)
    {
        if (!OperatingSystem.IsLinux() || !s_retaining || bytes < 2 * HugePage) return false;
        try
        {
            if (GetTid() != Environment.ProcessId) return false;            // not the main thread (its tid is the pid)
            nint block = Malloc((nuint)bytes);
            if (block == 0) return false;
            try
            {
                long start = block;
                AdviseHugePagesIn(start, bytes);
                // One write per 4 KB page, not MADV_POPULATE_WRITE: that holds the process's mmap lock for the whole
                // range, and the libtorch load beside it, which maps its libraries, waited for it (measured).
                unsafe
                {
                    for (long a = (start + Page - 1) / Page * Page; a < start + bytes; a += Page) *(byte*)a = 0;
                }
            }
            finally { Free(block); }
            return true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { return false; }
    }

    /// <summary>Advises transparent huge pages for the memory of a contiguous CPU tensor not yet touched (e.g. from
    /// <c>torch.empty</c>); only its whole 2 MB pages are advised. Returns false where it does not apply.</summary>
    public static bool AdviseHugePages(Tensor tensor)
    {
        if (!OperatingSystem.IsLinux() || tensor.device_type != DeviceType.CPU || !tensor.is_contiguous()) return false;
        long bytes = tensor.numel() * tensor.element_size();
        if (bytes < 2 * HugePage) return false;
        try { return AdviseHugePagesIn(TensorMemory.FirstElementAddress(tensor), bytes); }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { return false; }
    }

    /// <summary>madvise(MADV_HUGEPAGE) on the whole 2 MB pages inside [start, start + bytes).</summary>
    private static bool AdviseHugePagesIn(long start, long bytes)
    {
        long from = (start + HugePage - 1) / HugePage * HugePage, to = (start + bytes) / HugePage * HugePage;
        return to > from && MAdvise((nint)from, (nuint)(to - from), MadviseHugePage) == 0;
    }

    /// <summary>A zero-filled CPU or device tensor whose memory is advised huge pages before it is first touched.</summary>
    public static Tensor Zeros(long[] shape, ScalarType dtype, Device device)
    {
        var t = torch.empty(shape, dtype, device);
        AdviseHugePages(t);
        return t.zero_();
    }
}
