namespace HessianLab.Viewer.Benchmarks;

/// <summary>Latency of uncached tile requests at one level, over HTTP on loopback (render + PNG + transfer).</summary>
/// <param name="Name">What the level is (top, pooled, deepest).</param>
/// <param name="Level">Pyramid level.</param>
/// <param name="EntriesPerPixel">f: each pixel pools f×f entries (1 = exact).</param>
/// <param name="Tiles">Requests timed.</param>
/// <param name="MedianMs">Median milliseconds.</param>
/// <param name="P95Ms">95th percentile.</param>
/// <param name="MaxMs">Slowest.</param>
public sealed record TileTiming(string Name, int Level, int EntriesPerPixel, int Tiles, double MedianMs, double P95Ms, double MaxMs);
