using System.Runtime.InteropServices;

namespace HessianLab.Cli;

/// <summary>Ends the process once a command has returned, without the runtime's and the native libraries' teardown.</summary>
/// <remarks>
/// A normal exit runs libtorch's static destructors, which deregister its thousands of operators one by one: 0.1–0.15 s
/// after the last line was printed (measured with <c>strace -tt</c> and <c>perf</c> on the hessian command: the main thread
/// in <c>c10::impl::OperatorEntry::updateDispatchTableEntry_</c> between the runtime's shutdown and <c>exit_group</c>).
/// Nothing is left to do by then: every result file was written, synced and renamed into place by the command, and the
/// console writers flush on every write (flushed once more here). So the process ends with <c>_exit</c> on Linux.
/// </remarks>
internal static class CliExit
{
    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void ExitNow(int status);

    /// <summary>Flushes the console and ends the process with <paramref name="code"/>; returns it where <c>_exit</c> is
    /// not available (then the caller returns it from Main as usual).</summary>
    public static int Immediately(int code)
    {
        Console.Out.Flush();
        Console.Error.Flush();
        if (!OperatingSystem.IsLinux()) return code;
        try { ExitNow(code); }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { }
        return code;
    }
}
