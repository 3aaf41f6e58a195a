namespace HessianLab.Curvature.Exact;

/// <summary>What the last computation of an <see cref="ExactMlpHessian"/> did.</summary>
/// <param name="Samples">N.</param>
/// <param name="ChunkSize">Samples per chunk.</param>
/// <param name="Chunks">Number of chunks streamed.</param>
/// <param name="Flops">Floating-point operations of the GEMMs and batched products the engine issued (multiply + add = 2).</param>
/// <param name="WorkingBytes">The engine's accounted peak working memory (planned, beyond the output).</param>
/// <param name="OutputBytes">Bytes of the returned matrices.</param>
/// <param name="Seconds">Wall-clock time of the computation.</param>
/// <param name="SymmetricDiagonalBlocks">Diagonal layer blocks accumulated with their symmetry (packed pairs or pair
/// Grams); the others were computed by direct per-neuron GEMMs because their accumulator did not fit the budget.</param>
public sealed record ExactHessianStats(int Samples, int ChunkSize, int Chunks, double Flops, long WorkingBytes,
    long OutputBytes, double Seconds, int SymmetricDiagonalBlocks = 0);
