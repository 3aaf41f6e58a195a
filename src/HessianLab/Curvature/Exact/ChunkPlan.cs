namespace HessianLab.Curvature.Exact;

/// <summary>How the samples are streamed: chunk size, number of chunks, and the accounted working memory.</summary>
/// <param name="ChunkSize">Samples per chunk.</param>
/// <param name="Chunks">Number of chunks.</param>
/// <param name="WorkingBytes">Fixed working memory + chunk size × bytes per sample.</param>
/// <param name="BytesPerSample">Working bytes that scale with the chunk size, per sample.</param>
/// <param name="FixedBytes">Working bytes independent of the chunk size (packed accumulators, unpacking).</param>
/// <param name="Diagonal">How each requested diagonal block is accumulated (<see cref="DiagonalMode.Direct"/> when
/// the symmetric accumulator would not fit the budget).</param>
/// <param name="Kronecker">Off-diagonal blocks accumulated in Kronecker form (one GEMM G_lkᵀ (ã ⊗ ã) per chunk).</param>
internal sealed record ChunkPlan(int ChunkSize, int Chunks, long WorkingBytes, long BytesPerSample, long FixedBytes,
    IReadOnlyDictionary<int, DiagonalMode> Diagonal, IReadOnlySet<(int, int)> Kronecker)
{
    /// <summary>Number of diagonal blocks that use a symmetric (non-direct) mode.</summary>
    public int SymmetricDiagonals => Diagonal.Values.Count(m => m != DiagonalMode.Direct);
}
