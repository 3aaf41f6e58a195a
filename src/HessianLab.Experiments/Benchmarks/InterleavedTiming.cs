using System.Diagnostics;

namespace HessianLab.Benchmarks;

/// <summary>Median wall and CPU seconds of several actions timed in turn (a, b, c, a, b, c, …), so that a change of load
/// on a shared machine falls on all of them alike.</summary>
internal static class InterleavedTiming
{
    /// <summary>One warm-up call of each action, then <paramref name="repeats"/> rounds calling each once; per action the
    /// median wall-clock seconds and the median CPU seconds of the process (all threads) over its calls.</summary>
    public static (double Wall, double Cpu)[] Medians(int repeats, params Action[] actions)
    {
        foreach (var action in actions) action();
        var wall = actions.Select(_ => new double[repeats]).ToArray();
        var cpu = actions.Select(_ => new double[repeats]).ToArray();
        using var process = Process.GetCurrentProcess();
        for (int r = 0; r < repeats; r++)
            for (int a = 0; a < actions.Length; a++)
            {
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                actions[a]();
                wall[a][r] = sw.Elapsed.TotalSeconds;
                process.Refresh();
                cpu[a][r] = (process.TotalProcessorTime - cpu0).TotalSeconds;
            }
        return actions.Select((_, a) => (Statistics.Median.Of(wall[a]), Statistics.Median.Of(cpu[a]))).ToArray();
    }
}
