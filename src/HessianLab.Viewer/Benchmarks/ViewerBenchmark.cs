using System.Diagnostics;
using System.Globalization;
using HessianLab.Viewer.Server;

namespace HessianLab.Viewer.Benchmarks;

/// <summary>Starts the viewer in-process on a folder and times uncached tiles over loopback HTTP at the top level
/// (the home view: one tile holds the whole matrix), the coarsest level pooled from the map per tile (the costliest
/// reads: f = half the finest cached factor), and
/// the deepest (exact) level, then reads the process's memory.</summary>
/// <remarks>Each request uses a colour scale not seen before (k = 1 + n·10⁻⁹), so every tile is rendered, never
/// served from the tile cache; one untimed request per level warms up the JIT. Tiles are picked at random (seeded) over the level, so file pages are cold at first.</remarks>
public static class ViewerBenchmark
{
    /// <summary>Runs the measurement with <paramref name="tilesPerLevel"/> requests per level.</summary>
    public static async Task<ViewerBenchmarkResult> RunAsync(ViewerOptions options, int tilesPerLevel = 50, int seed = 0, Action<string>? log = null)
    {
        if (tilesPerLevel <= 0) throw new ArgumentException($"tilesPerLevel must be positive, got {tilesPerLevel}", nameof(tilesPerLevel));
        double load = LoadAverage();
        await using var server = await ViewerServer.StartAsync(options);
        var s = server.Session;
        log?.Invoke($"{s.MatrixName}: {s.Matrix.Rows}×{s.Matrix.Cols}, pyramid {s.PyramidSeconds:F2} s, {s.Pyramid.CachedBytes / 1e6:F0} MB");
        using var http = new HttpClient { BaseAddress = server.Url };
        var rng = new Random(seed);
        int counter = 0;
        int top = 0;
        while (top < s.Pyramid.MaxLevel && s.Renderer.Exists(top + 1, 1, 0) == false) top++; // coarsest single-tile level with most detail
        var levels = new List<(string, int)> { ("top (whole matrix, 1 tile)", top) };
        int costliest = s.Pyramid.MaxLevel - System.Numerics.BitOperations.Log2((uint)s.Pyramid.FirstCachedFactor) + 1;
        if (costliest < s.Pyramid.MaxLevel) levels.Add(($"f = {s.Pyramid.Factor(costliest)} (pooled from the map, the costliest)", costliest));
        levels.Add(("deepest (exact entries)", s.Pyramid.MaxLevel));
        var timings = new List<TileTiming>();
        foreach (var (name, level) in levels)
        {
            var (w, h) = s.Pyramid.Size(level);
            int nx = (w + s.Renderer.TileSize - 1) / s.Renderer.TileSize, ny = (h + s.Renderer.TileSize - 1) / s.Renderer.TileSize;
            // One untimed request first: the first call of each code path pays JIT compilation, not tile work.
            await http.GetByteArrayAsync($"api/tile/{level}/0/0.png?k=0.5");
            var ms = new List<double>();
            for (int t = 0; t < tilesPerLevel; t++)
            {
                string k = (1 + ++counter * 1e-9).ToString("R", CultureInfo.InvariantCulture);
                var sw = Stopwatch.StartNew();
                var bytes = await http.GetByteArrayAsync($"api/tile/{level}/{rng.Next(nx)}/{rng.Next(ny)}.png?k={k}");
                ms.Add(sw.Elapsed.TotalMilliseconds);
                if (bytes.Length < 8) throw new InvalidDataException("empty tile");
            }
            ms.Sort();
            timings.Add(new TileTiming(name, level, s.Pyramid.Factor(level), ms.Count, ms[ms.Count / 2], ms[(int)Math.Ceiling(0.95 * ms.Count) - 1], ms[^1]));
            log?.Invoke($"{name}: median {ms[ms.Count / 2]:F1} ms, max {ms[^1]:F1} ms");
        }
        var (anon, file) = ResidentMemory();
        return new ViewerBenchmarkResult(s.Matrix.Rows, s.Matrix.Cols, new FileInfo(s.Matrix.Path).Length, s.PyramidSeconds,
            s.Pyramid.CachedBytes, timings, anon, file, GC.GetTotalMemory(false), load);
    }

    /// <summary>(RssAnon, RssFile) of this process in bytes from /proc/self/status; (-1, -1) where unavailable.</summary>
    public static (long Anonymous, long FileBacked) ResidentMemory()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return (-1, -1);
        long anon = -1, file = -1;
        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith("RssAnon:", StringComparison.Ordinal)) anon = KiloBytes(line);
            else if (line.StartsWith("RssFile:", StringComparison.Ordinal)) file = KiloBytes(line);
        }
        return (anon, file);
    }

    private static double LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double l) ? l : -1;

    private static long KiloBytes(string line) =>
        long.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
}
