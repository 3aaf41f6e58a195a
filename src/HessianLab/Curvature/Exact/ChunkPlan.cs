namespace HessianLab.Curvature.Exact;

/// <summary>How the samples are streamed: chunk size, number of chunks, and the accounted working memory.</summary>
/// <param name="ChunkSize">Samples per chunk.</param>
/// <param name="Chunks">Number of chunks.</param>
/// <param name="WorkingBytes">Fixed working memory + chunk size × bytes per sample.</param>
/// <param name="BytesPerSample">Working bytes that scale with the chunk size, per sample.</param>
/// <param name="FixedBytes">Working bytes independent of the chunk size (packed accumulators, unpacking).</param>
internal sealed record ChunkPlan(int ChunkSize, int Chunks, long WorkingBytes, long BytesPerSample, long FixedBytes);
