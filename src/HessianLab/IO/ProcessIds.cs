namespace HessianLab.IO;

/// <summary>Whether a process id belongs to a running process (to tell a dead run's leftovers from a live one's).</summary>
internal static class ProcessIds
{
    /// <summary>This process's id.</summary>
    public static int Current { get; } = Environment.ProcessId;

    /// <summary>True when <paramref name="pid"/> is running (Linux: /proc/PID exists; elsewhere asks the OS).</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0) return false;
        if (Directory.Exists("/proc/self")) return Directory.Exists($"/proc/{pid}");
        try { using var p = System.Diagnostics.Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    /// <summary>Reads the process id that <paramref name="name"/> carries after <paramref name="prefix"/> ("PREFIX1234-…"), or 0.</summary>
    public static int FromName(string name, string prefix)
    {
        if (!name.StartsWith(prefix, StringComparison.Ordinal)) return 0;
        var rest = name.AsSpan(prefix.Length);
        int dash = rest.IndexOf('-');
        return dash > 0 && int.TryParse(rest[..dash], out int pid) ? pid : 0;
    }
}
