using System.Globalization;

namespace HessianLab.Core;

/// <summary>Memory this process has used, for reporting next to timings.</summary>
public static class ProcessMemory
{
    /// <summary>Peak resident set size so far (Linux: VmHWM of /proc/self/status, in bytes), or null where unknown.</summary>
    public static long? PeakResidentBytes()
    {
        try
        {
            if (File.Exists("/proc/self/status"))
                foreach (var line in File.ReadLines("/proc/self/status"))
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        return null;
    }
}
