using static TorchSharp.torch;

namespace HessianLab.Curvature.Exact;

/// <summary>Options of <see cref="ExactMlpHessian"/> (immutable; build in code or from the CLI).</summary>
/// <param name="MemoryBudgetBytes">Working memory allowed beyond the returned matrix (default 2 GB): samples are
/// streamed in chunks sized so the engine's accounted working memory stays under it, whatever N is.</param>
/// <param name="DType">Computation and result dtype: float64 (default) or float32.</param>
/// <param name="ChunkSize">Force a chunk size (samples per chunk); null: the largest that fits the budget.</param>
/// <param name="Threads">libtorch intra-op threads during each computation (the caller's count is restored on
/// return); null: the processor count.</param>
public sealed record ExactHessianOptions(long MemoryBudgetBytes = ExactHessianOptions.DefaultBudget,
    ScalarType DType = ScalarType.Float64, int? ChunkSize = null, int? Threads = null)
{
    /// <summary>2 GiB.</summary>
    public const long DefaultBudget = 2L << 30;

    /// <summary>Bytes per element of <see cref="DType"/>.</summary>
    public int ElementSize => DType == ScalarType.Float32 ? 4 : 8;

    /// <summary>Checks the values and returns this.</summary>
    /// <exception cref="ArgumentException">Budget ≤ 0, chunk size ≤ 0, or a dtype other than float32/float64.</exception>
    public ExactHessianOptions Validated()
    {
        if (MemoryBudgetBytes <= 0)
            throw new ArgumentException($"memory budget must be positive, got {MemoryBudgetBytes} bytes", nameof(MemoryBudgetBytes));
        if (ChunkSize is <= 0)
            throw new ArgumentException($"chunk size must be positive, got {ChunkSize}", nameof(ChunkSize));
        if (Threads is <= 0)
            throw new ArgumentException($"thread count must be positive, got {Threads}", nameof(Threads));
        if (DType != ScalarType.Float64 && DType != ScalarType.Float32)
            throw new ArgumentException($"the exact Hessian engine computes in float64 or float32, not {DType}");
        return this;
    }
}
