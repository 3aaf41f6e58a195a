using System.Globalization;

namespace HessianLab.Core;

/// <summary>The large allocations a job is about to make, added up before any of them happens and refused, with
/// the numbers, when they exceed the memory available.</summary>
/// <remarks>Sizes are products of user-given dimensions (N·d can exceed 2⁶³ bytes for absurd inputs), so they are
/// accumulated in double precision: exact up to 2⁵³ bytes (8 PB) and never overflowing; the comparison against the
/// available bytes is all they are used for.</remarks>
public sealed class MemoryPlan
{
    private readonly List<(string What, double Bytes)> _items = new();

    /// <summary>Adds a dense tensor of <paramref name="shape"/> with <paramref name="elementSize"/>-byte elements.</summary>
    public MemoryPlan Add(string what, int elementSize, params double[] shape)
    {
        double bytes = elementSize;
        foreach (double n in shape) bytes *= n;
        _items.Add((what, bytes));
        return this;
    }

    /// <summary>Total bytes planned.</summary>
    public double TotalBytes => _items.Sum(i => i.Bytes);

    /// <summary>Throws when the plan exceeds <see cref="MemoryGuard.AvailableBytes"/>; the message names the job,
    /// the bytes needed and available, and the largest items.</summary>
    /// <exception cref="InsufficientMemoryException">The plan does not fit.</exception>
    public void EnsureFits(string job)
    {
        long available = MemoryGuard.AvailableBytes();
        double total = TotalBytes;
        if (total <= available) return;
        var largest = _items.OrderByDescending(i => i.Bytes).Take(3).Select(i => $"{i.What}: {Format(i.Bytes)}");
        throw new InsufficientMemoryException(
            $"{job} needs {Format(total)} but only {Format(available)} is available ({string.Join("; ", largest)}); use smaller sizes");
    }

    /// <summary>Human-readable size of a possibly huge byte count.</summary>
    public static string Format(double bytes) =>
        bytes >= 1L << 50 ? (bytes / (1L << 40)).ToString("0.###E+0", CultureInfo.InvariantCulture) + " TB"
        : bytes >= 1L << 40 ? (bytes / (1L << 40)).ToString("F1", CultureInfo.InvariantCulture) + " TB"
        : MemoryGuard.Format((long)bytes);
}
