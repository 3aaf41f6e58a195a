namespace HessianLab.Core;

/// <summary>Estimates memory before large allocations and refuses, with the numbers, what cannot fit.</summary>
public static class MemoryGuard
{
    /// <summary>Bytes the OS reports as available (MemAvailable on Linux; GC's view elsewhere).</summary>
    public static long AvailableBytes()
    {
        try
        {
            if (File.Exists("/proc/meminfo"))
                foreach (var line in File.ReadLines("/proc/meminfo"))
                    if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException) { }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    /// <summary>Throws <see cref="InsufficientMemoryException"/> when <paramref name="bytes"/> exceed what is available.</summary>
    /// <param name="bytes">Bytes the caller is about to allocate.</param>
    /// <param name="what">What it is, for the message (e.g. "the 8000×8000 float64 Hessian").</param>
    public static void EnsureFits(long bytes, string what)
    {
        long available = AvailableBytes();
        if (bytes > available)
            throw new InsufficientMemoryException(
                $"{what} needs {Format(bytes)} but only {Format(available)} is available; use a smaller network, fewer rows, or a sub-block");
    }

    /// <summary>Bytes of a dense matrix.</summary>
    public static long DenseBytes(long rows, long cols, int elementSize = 8) => checked(rows * cols * elementSize);

    /// <summary>Human-readable size, e.g. "512.0 MB".</summary>
    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):F2} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):F1} MB",
        >= 1L << 10 => $"{bytes / 1024.0:F1} KB",
        _ => $"{bytes} B",
    };
}
