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
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) return KilobyteLineBytes(line);
        }
        catch (IOException) { }
        return null;
    }

    /// <summary>Bytes of a /proc status line such as "VmHWM:\t    2016 kB" or "VmHWM:\t12345678 kB" (the kernel pads the
    /// number to 8 characters with spaces after the tab, so large values follow the tab directly).</summary>
    public static long KilobyteLineBytes(string line) =>
        long.Parse(line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}
