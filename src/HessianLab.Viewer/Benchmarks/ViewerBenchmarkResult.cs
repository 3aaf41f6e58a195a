namespace HessianLab.Viewer.Benchmarks;

/// <summary>What <see cref="ViewerBenchmark"/> measured.</summary>
/// <param name="Rows">Matrix rows.</param>
/// <param name="Cols">Matrix columns.</param>
/// <param name="MappedFileBytes">Size of the memory-mapped .npy.</param>
/// <param name="PyramidSeconds">Building the cached pooled levels (one pass over the file).</param>
/// <param name="PyramidBytes">Memory of the cached levels.</param>
/// <param name="Timings">Tile latency per level.</param>
/// <param name="AnonymousBytes">Resident memory of the process that is not file-backed (Linux RssAnon): everything
/// beyond the mapped file — runtime, Kestrel, pyramid, tile cache, and this benchmark's HTTP client.</param>
/// <param name="FileBackedBytes">Resident file-backed memory (the mapped .npy pages the tiles touched, plus binaries).</param>
/// <param name="ManagedBytes">Managed heap after the run.</param>
/// <param name="LoadAverage">1-minute load average when the run started (other work on the machine), -1 if unknown.</param>
public sealed record ViewerBenchmarkResult(int Rows, int Cols, long MappedFileBytes, double PyramidSeconds, long PyramidBytes,
    IReadOnlyList<TileTiming> Timings, long AnonymousBytes, long FileBackedBytes, long ManagedBytes, double LoadAverage);
