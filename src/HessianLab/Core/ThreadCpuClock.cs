using System.Runtime.InteropServices;

namespace HessianLab.Core;

/// <summary>The processor time the calling thread has used: what a computation costs on one core, whatever else the
/// machine runs beside it (wall time counts the waits for a shared core; this does not).</summary>
/// <remarks>Linux and macOS: <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>; Windows: <c>GetThreadTimes</c> (user + kernel).
/// Work that libtorch hands to its own threads is not counted, so read it around computations that run with one
/// intra-op thread (<see cref="SideBySide"/>).</remarks>
public static partial class ThreadCpuClock
{
    private const int LinuxThreadCpuTime = 3, MacThreadCpuTime = 16;   // <time.h>: CLOCK_THREAD_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [LibraryImport("kernel32")]
    private static partial nint GetCurrentThread();

    [LibraryImport("kernel32", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GetThreadTimes(nint thread, out long creation, out long exit, out long kernel, out long user);

    /// <summary>The calling thread's processor time so far; null where the system does not report it.</summary>
    public static TimeSpan? Now()
    {
        try
        {
            if (OperatingSystem.IsWindows())
                return GetThreadTimes(GetCurrentThread(), out _, out _, out long kernel, out long user)
                    ? TimeSpan.FromTicks(kernel + user) : null;   // both in 100 ns units, as TimeSpan's ticks
            int clock = OperatingSystem.IsMacOS() ? MacThreadCpuTime : OperatingSystem.IsLinux() ? LinuxThreadCpuTime : -1;
            if (clock < 0 || ClockGetTime(clock, out var t) != 0) return null;
            return TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { return null; }
    }
}
