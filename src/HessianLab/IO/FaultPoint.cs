namespace HessianLab.IO;

/// <summary>Named points in the write path where the reliability tests inject a failure into the real process.</summary>
/// <remarks>
/// Off unless the environment variable <c>HESSIANLAB_FAULT</c> is set (read once per process), so it costs one
/// dictionary look-up per point in normal runs. Its value is a ';'-separated list of <c>point=action</c>:
/// <list type="bullet">
/// <item><c>kill</c>: the process sends itself SIGKILL at that point (what a power cut or OOM killer does);</item>
/// <item><c>enospc</c>: the write at that point fails with "No space left on device" (the full-disk case);</item>
/// <item><c>hold:S</c>: the process waits S seconds there (to hold a lock while a second run starts).</item>
/// </list>
/// Points are <c>computed</c> (the result is in memory, nothing written), <c>write:NAME</c> (half-way through
/// writing file NAME), <c>written:NAME</c> (after NAME is complete), <c>manifest</c> (every file written, manifest
/// not yet) and <c>swap</c> (manifest written, the folder not yet swapped in).
/// </remarks>
public static class FaultPoint
{
    /// <summary>The environment variable that arms the points.</summary>
    public const string Variable = "HESSIANLAB_FAULT";

    private static readonly Lazy<Dictionary<string, string>> Armed = new(() => Parse(Environment.GetEnvironmentVariable(Variable)));

    /// <summary>Acts on <paramref name="point"/> if it is armed; returns at once otherwise.</summary>
    /// <exception cref="IOException">The point is armed with <c>enospc</c>.</exception>
    public static void Hit(string point)
    {
        if (Armed.Value.Count == 0 || !Armed.Value.TryGetValue(point, out var action)) return;
        if (action == "kill")
        {
            Console.Out.Flush();
            System.Diagnostics.Process.GetCurrentProcess().Kill();   // SIGKILL on Linux: no finally blocks run
            Thread.Sleep(Timeout.Infinite);
        }
        if (action == "enospc") throw new IOException($"No space left on device (while writing: {point})");
        if (action.StartsWith("hold:", StringComparison.Ordinal) && double.TryParse(action[5..], System.Globalization.CultureInfo.InvariantCulture, out double s))
            Thread.Sleep(TimeSpan.FromSeconds(s));
    }

    private static Dictionary<string, string> Parse(string? spec)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(spec)) return map;
        foreach (var entry in spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = entry.LastIndexOf('=');
            if (eq > 0) map[entry[..eq]] = entry[(eq + 1)..];
        }
        return map;
    }
}
