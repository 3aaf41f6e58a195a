using static TorchSharp.torch;

namespace HessianLab.Spectra;

/// <summary>Sizes of the draws of A = (1/n) X Λ Xᵀ, X ∈ R^{d×n} with i.i.d. N(0, 1) entries.</summary>
/// <param name="Dim">d, the matrix size (input dimension).</param>
/// <param name="Samples">n (the talk's N), the number of columns of X.</param>
/// <param name="Draws">Number of independent draws of A.</param>
/// <param name="Seed">Seed of the single generator used for X and everything else.</param>
/// <param name="BatchSize">Draws per batched eigensolve; 0 picks one that keeps the batch near 64 MB.</param>
/// <param name="Device">Where the tensors live (cpu default).</param>
/// <param name="EigenThreads">libtorch intra-op threads during the eigensolve (restored afterwards); default 1: for these
/// small matrices the threaded LAPACK path was 10–20× slower than serial on the shared 2-core machine (50 draws of
/// 300×300: 12.9 s with 2 threads, 0.57 s with 1). 0 keeps libtorch's setting.</param>
public sealed record RandomMatrixOptions(int Dim, int Samples, int Draws, long Seed = 0, int BatchSize = 0, Device? Device = null, int EigenThreads = 1)
{
    /// <summary>γ = d/n.</summary>
    public double Ratio => (double)Dim / Samples;

    /// <summary>Checks the sizes (messages name the properties).</summary>
    /// <exception cref="ArgumentException">A size ≤ 0 or a negative batch size.</exception>
    public RandomMatrixOptions Validated()
    {
        if (Dim < 1) throw new ArgumentException($"dimension d must be a positive integer, got {Dim}", nameof(Dim));
        if (Samples < 1) throw new ArgumentException($"samples n must be a positive integer, got {Samples}", nameof(Samples));
        if (Draws < 1) throw new ArgumentException($"draws must be a positive integer, got {Draws}", nameof(Draws));
        if (BatchSize < 0) throw new ArgumentException($"batch size must be ≥ 0 (0 = automatic), got {BatchSize}");
        if (EigenThreads < 0) throw new ArgumentException($"eigensolver threads must be ≥ 0 (0 = libtorch default), got {EigenThreads}");
        return this;
    }

    /// <summary>The batch size used: <see cref="BatchSize"/>, or the largest keeping ~64 MB of float64 work per batch.</summary>
    public int EffectiveBatchSize()
    {
        if (BatchSize > 0) return Math.Min(BatchSize, Draws);
        long perDraw = 8L * (3L * Dim * Samples + 3L * Dim * Dim);
        return (int)Math.Clamp((64L << 20) / Math.Max(perDraw, 1), 1, Draws);
    }
}
