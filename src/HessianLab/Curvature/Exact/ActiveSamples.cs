using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature.Exact;

/// <summary>The samples of a chunk on which a factor is non-zero (relu's σ' = 0 makes whole terms vanish), gathered so
/// the GEMMs skip exact zeros.</summary>
/// <remarks>Skipping a sample whose term is exactly 0 changes nothing but the summation order. Gathering copies the
/// active rows of both GEMM factors, so a mostly active set is used whole instead.</remarks>
internal readonly struct ActiveSamples
{
    /// <summary>Gather only when at most this fraction of the samples is active.</summary>
    public const double GatherBelow = 0.9;

    private ActiveSamples(Tensor? index, long count)
    {
        Index = index;
        Count = count;
    }

    /// <summary>Indices of the active samples, or null for all of them.</summary>
    public Tensor? Index { get; }

    /// <summary>Number of samples used (all when <see cref="Index"/> is null).</summary>
    public long Count { get; }

    /// <summary>Whether no sample is active (the term is 0 on the whole chunk).</summary>
    public bool None => Count == 0;

    /// <summary>The active samples of a boolean mask (n).</summary>
    public static ActiveSamples Of(Tensor mask)
    {
        long n = mask.shape[0];
        long active = mask.sum().item<long>();
        if (active > GatherBelow * n) return new ActiveSamples(null, n);
        return new ActiveSamples(torch.nonzero(mask).view(-1), active);
    }

    /// <summary>All samples of a chunk of n.</summary>
    public static ActiveSamples All(long n) => new(null, n);

    /// <summary>The rows of t (samples along dimension 0) that are used.</summary>
    public Tensor Rows(Tensor t) => Index is null ? t : t.index_select(0, Index);
}
