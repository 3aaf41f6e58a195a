using HessianLab.Core;
using HessianLab.Models;

namespace HessianLab.Curvature.Exact;

public sealed partial class ExactMlpHessian
{
    /// <summary>Plans the chunks for a set of blocks (l ≤ k) and checks the output plus working memory fit.</summary>
    /// <remarks>A diagonal block uses its symmetric mode (<see cref="PreferredDiagonal"/>) when the accumulator fits
    /// in half the budget next to the others; otherwise the direct per-neuron GEMMs.</remarks>
    private ChunkPlan PlanBlocks(IReadOnlyList<(int L, int K)> upper, long outputBytes, string what, HessianPart part = HessianPart.Full)
    {
        long e = Options.ElementSize;
        var modes = new Dictionary<int, DiagonalMode>();
        long fixedBytes = 0, extra = 0, perBlock = 0;
        foreach (var (l, _) in upper.Where(b => b.L == b.K).OrderBy(b => LayerElems(b.L)))
        {
            var mode = PreferredDiagonal(l);
            long d = Width(l), c = Cols(l - 1);
            long acc = AccumulatorElems(l, mode) * e;
            // Packed: index tensors and unpacking temporaries; Gram modes: completing one slot of H in place, and the CE
            // output's scratch for its interleaved slots (StridedProducts), never at the same time
            long unpack = mode == DiagonalMode.Packed
                ? 8 * (c * (c + 1) + d * (d + 1) + c * c + d * d) + (d * c * (c + 1) / 2 + d * c * c + c * c + d * d) * e
                : Math.Max(3 * GroupSize(Math.Max(c, d)) * GroupSize(Math.Max(c, d)),
                    mode == DiagonalMode.GramOfProbabilities ? WeightedGram.ScratchElems((int)d) : 0) * e;
            if (fixedBytes + acc + unpack > Options.MemoryBudgetBytes / 2) mode = DiagonalMode.Direct;
            else
            {
                fixedBytes += acc;
                extra = Math.Max(extra, unpack);
            }
            modes[l] = mode;
        }
        var kron = new HashSet<(int, int)>();
        foreach (var (l, k) in upper.Where(b => UsesKronecker(b.L, b.K, part)))
        {
            long bytes = ((long)Width(l) * Width(k) * Cols(l - 1) * Cols(k - 1) + (long)Width(l) * Cols(l - 1) * Width(k)) * e;
            if (fixedBytes + bytes > Options.MemoryBudgetBytes / 2) continue;
            fixedBytes += bytes;
            kron.Add((l, k));
        }
        foreach (var (l, k) in upper)
        {
            if (kron.Contains((l, k)))
            {
                long kl = Width(l), kk = Width(k), kc = Cols(l - 1);
                perBlock = Math.Max(perBlock, 4 * kl * kk + 3 * kl * Width(k - 1) + 2 * MaxWidth() * kk + kc * Cols(k - 1) + 2 * kl * kc);
                continue;
            }
            if (l == k && modes[l] != DiagonalMode.Direct)
            {
                perBlock = Math.Max(perBlock, DiagonalPerSample(l, modes[l]));
                continue;
            }
            perBlock = Math.Max(perBlock, RowsPerSample(l, k, Width(l)));
            if (MaySplitColumns(l, k)) extra = Math.Max(extra, (long)Cols(l - 1) * Width(k) * e);   // the column scratch
        }
        return Plan(SharedPerSample() + perBlock, fixedBytes + extra, outputBytes, what, modes, kron);
    }

    /// <summary>Per-sample working elements of the row GEMMs of s neurons of layer l against layer k ≥ l
    /// (<see cref="AccumulateRows"/>): G for the s rows, the cross-layer residual, and one neuron's K and gathered factors.</summary>
    private long RowsPerSample(int l, int k, long s)
    {
        long dk = Width(k), dk1 = Width(k - 1), cl = Cols(l - 1), ck = Cols(k - 1), pk = dk * ck;
        int L = _model.Spec.Depth;
        long g = l == L ? 3 * s * dk                                             // rows of Λ
            : k == L ? s * dk                                                  // rows of (Λ B_l)ᵀ (a view when s = d_l)
            : 4 * s * dk + 3 * s * dk1;                                        // B_lᵀ Λ B_k and W_kᵀ R_k
        long cross = k == l + 1 ? s * dk : 2 * s * dk * dk1;                   // δ_k σ'_l, or J_{k−1,l}ᵀ and its products
        return g + cross + 2 * pk + dk * dk1 + 3 * cl + 2 * ck + 4 * dk + 2 * dk1;
    }

    /// <summary>Largest column group of <see cref="WeightedGram"/> for an m × m Gram (what completing it allocates).</summary>
    private static long GroupSize(long m)
    {
        var bounds = WeightedGram.Bounds((int)m);
        return Enumerable.Range(0, bounds.Length - 1).Max(u => bounds[u + 1] - bounds[u]);
    }

    private long LayerElems(int l) => (long)Width(l) * Cols(l - 1);

    /// <summary>Per-sample elements of the chunk state shared by all blocks (forward, backward, B, ΛB, R).</summary>
    private long SharedPerSample()
    {
        var spec = _model.Spec;
        int L = spec.Depth;
        long C = spec.OutputDim, e = 0;
        for (int l = 0; l < L; l++) e += Cols(l);
        for (int l = 1; l <= L; l++) e += 4L * Width(l);
        e += 3 * C;
        for (int l = 1; l < L; l++)
        {
            e += 3 * C * Width(l);                                             // B_l, Λ B_l, temporary
            if (!ActivationDerivatives.IsPiecewiseLinear(spec.Activation)) e += 3L * Width(l) * Width(l);
        }
        return e;
    }

    /// <summary>Largest chunk whose working memory fits the budget; refuses with the numbers otherwise.</summary>
    private ChunkPlan Plan(long perSampleElems, long fixedBytes, long outputBytes, string what, IReadOnlyDictionary<int, DiagonalMode>? modes = null, IReadOnlySet<(int, int)>? kronecker = null)
    {
        MemoryGuard.EnsureFits(outputBytes, what);
        long perSample = perSampleElems * Options.ElementSize;
        long budget = Options.MemoryBudgetBytes;
        long fits = (budget - fixedBytes) / Math.Max(perSample, 1);
        if (fits < 1)
            throw new InsufficientMemoryException(
                $"{what}: the exact engine needs at least {MemoryGuard.Format(fixedBytes + perSample)} of working memory " +
                $"({MemoryGuard.Format(fixedBytes)} fixed + {MemoryGuard.Format(perSample)} per sample) but the memory budget is " +
                $"{MemoryGuard.Format(budget)}; raise ExactHessianOptions.MemoryBudgetBytes or request fewer blocks/rows");
        int largest = (int)Math.Min(Math.Min(fits, Samples), Options.ChunkSize ?? int.MaxValue);
        int chunks = (Samples + largest - 1) / largest;
        int chunk = (Samples + chunks - 1) / chunks;                           // balanced: no small last chunk
        long working = fixedBytes + chunk * perSample;
        MemoryGuard.EnsureFits(outputBytes + working,
            $"{what} ({MemoryGuard.Format(outputBytes)}) plus {MemoryGuard.Format(working)} of working memory");
        return new ChunkPlan(chunk, chunks, working, perSample, fixedBytes, modes ?? new Dictionary<int, DiagonalMode>(), kronecker ?? new HashSet<(int, int)>());
    }

    private int Width(int l) => _model.Spec.Widths[l];

    private int Cols(int l) => _model.Spec.Widths[l] + (_model.Spec.Bias ? 1 : 0);

    private long MaxWidth() => _model.Spec.Widths.Max();
}
