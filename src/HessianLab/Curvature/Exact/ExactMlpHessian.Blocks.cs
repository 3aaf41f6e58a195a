using System.Diagnostics;
using HessianLab.Core;
using HessianLab.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature.Exact;

public sealed partial class ExactMlpHessian
{
    /// <summary>Layer block H_{W_l W_k} (P_l × P_k), computed directly (1-based layers; l &gt; k is the transpose of (k, l)).</summary>
    public Tensor LayerBlock(int l, int k, HessianPart part = HessianPart.Full) => LayerBlocks(new[] { (l, k) }, part)[(l, k)];

    /// <summary>Any set of layer blocks (l, k) (1-based), computed directly without the rest of H.</summary>
    /// <returns>One P_l × P_k tensor per requested pair.</returns>
    /// <exception cref="ArgumentException">A layer index outside 1…L.</exception>
    public IReadOnlyDictionary<(int Row, int Col), Tensor> LayerBlocks(IEnumerable<(int Row, int Col)> blocks, HessianPart part = HessianPart.Full)
    {
        using var threads = UseThreads();
        int L = _model.Spec.Depth;
        var requested = blocks.Distinct().ToList();
        if (requested.Count == 0) throw new ArgumentException("no layer blocks requested");
        foreach (var (l, k) in requested)
            if (l < 1 || l > L || k < 1 || k > L)
                throw new ArgumentException($"layer block ({l},{k}) does not exist: this network has layers 1…{L}");
        var upper = requested.Select(b => (Math.Min(b.Row, b.Col), Math.Max(b.Row, b.Col))).Distinct().OrderBy(b => b).ToList();
        var segs = Layout.Segments;
        long outBytes = upper.Sum(b => segs[b.Item1 - 1].Size * segs[b.Item2 - 1].Size) * Options.ElementSize;
        var plan = PlanBlocks(upper, outBytes, $"{upper.Count} layer block(s)", part);
        var targets = upper.ToDictionary(b => b, b => torch.zeros(new long[] { segs[b.Item1 - 1].Size, segs[b.Item2 - 1].Size }, Options.DType, _x.device));
        var sw = Stopwatch.StartNew();
        double flops = RunBlocks(upper, part, plan, (l, k) => targets[(l, k)]);
        var result = new Dictionary<(int Row, int Col), Tensor>();
        foreach (var (l, k) in requested)
            result[(l, k)] = l <= k ? targets[(l, k)] : targets[(k, l)].t().contiguous();
        LastStats = new ExactHessianStats(Samples, plan.ChunkSize, plan.Chunks, flops, plan.WorkingBytes, outBytes, sw.Elapsed.TotalSeconds, plan.SymmetricDiagonals);
        return result;
    }

    /// <summary>Streams the samples and accumulates the blocks (l ≤ k) into <paramref name="target"/>; returns the flops.</summary>
    private double RunBlocks(IReadOnlyList<(int L, int K)> upper, HessianPart part, ChunkPlan plan, Func<int, int, Tensor> target)
    {
        using var scope = torch.NewDisposeScope();
        var w = new MlpWeights(_model, Options.DType);
        var acc = new Dictionary<int, Tensor>();
        foreach (var (l, mode) in plan.Diagonal)
            if (mode == DiagonalMode.Packed)
                acc[l] = torch.zeros(new long[] { TrianglePairs.Count(w.Width(l)), TrianglePairs.Count(w.Cols(l - 1)) }, Options.DType, _x.device);
            else if (mode == DiagonalMode.GramOfProbabilities)
                acc[l] = torch.zeros(new long[] { TrianglePairs.Count(w.Cols(l - 1)), w.Width(l) }, Options.DType, _x.device);
        var kron = new Dictionary<(int, int), (Tensor Acc, Tensor? Resid)>();
        foreach (var (l, k) in upper)
            if (plan.Kronecker.Contains((l, k)))
                kron[(l, k)] = (torch.zeros(new long[] { (long)w.Width(l) * w.Width(k), (long)w.Cols(l - 1) * w.Cols(k - 1) }, Options.DType, _x.device),
                    part == HessianPart.Ggn ? null : torch.zeros(new long[] { (long)w.Width(l) * w.Cols(l - 1), w.Width(k) }, Options.DType, _x.device));
        double flops = 0;
        double scale = 1.0 / Samples;
        for (int start = 0; start < Samples; start += plan.ChunkSize)
        {
            using var chunkScope = torch.NewDisposeScope();
            int n = Math.Min(plan.ChunkSize, Samples - start);
            var st = new MlpChunkState(w, _model.Spec.Activation, Loss, _x.narrow(0, start, n), _y.narrow(0, start, n));
            foreach (var (l, k) in upper)
            {
                using var blockScope = torch.NewDisposeScope();
                var mode = l == k ? plan.Diagonal[l] : DiagonalMode.Direct;
                if (kron.TryGetValue((l, k), out var kr))
                {
                    flops += AccumulateKronecker(st, w, l, k, kr.Acc, kr.Resid, part, scale);
                    continue;
                }
                flops += mode switch
                {
                    DiagonalMode.Packed => AccumulateDiagonal(st, w, l, acc[l], part, scale),
                    DiagonalMode.GramOfInputs => AccumulateGramOfInputs(st, w, l, target(l, l), part, scale),
                    DiagonalMode.GramOfProbabilities => AccumulateGramOfProbabilities(st, w, l, target(l, l), acc[l], part, scale),
                    _ => AccumulateRows(st, w, l, k, null, part, scale, i => target(l, k).narrow(0, (long)i * w.Cols(l - 1), w.Cols(l - 1))),
                };
            }
            flops += st.Flops;
        }
        foreach (var ((l, k), (a, r)) in kron)
        {
            using var unpackScope = torch.NewDisposeScope();
            UnpackKronecker(a, r, target(l, k), l, k);
        }
        foreach (var (l, mode) in plan.Diagonal)
        {
            using var unpackScope = torch.NewDisposeScope();
            if (mode == DiagonalMode.Packed) Unpack(acc[l], target(l, l), w.Width(l), w.Cols(l - 1));
            else if (mode != DiagonalMode.Direct) CompleteGram(target(l, l), l, mode, acc.GetValueOrDefault(l));
        }
        return flops;
    }

    /// <summary>Diagonal block (l, l) packed: M[(i≤j), (a≤b)] += scale · Σ_n G_ll[n,i,j] ã[n,a] ã[n,b].</summary>
    /// <remarks>Output layer: G_LL = Λ, packed entry-wise (CE: δ_{cc'} p_c − p_c p_c'; MSE: (2/C) δ_{cc'}), never C × C per sample.</remarks>
    private double AccumulateDiagonal(MlpChunkState st, MlpWeights w, int l, Tensor m, HessianPart part, double scale)
    {
        int L = w.Depth, d = w.Width(l), n = st.Count;
        var device = _x.device;
        Tensor gT;                                                             // d(d+1)/2 × n
        if (l == L)
        {
            if (part == HessianPart.Residual) return 0;                        // R_L = 0
            if (Loss == LossKind.Mse)
            {
                var aaSum = PackedProducts.OuterT(st.A(l - 1).t().contiguous(), scale).sum(1);   // c(c+1)/2
                m.index_add_(0, TrianglePairs.DiagonalPositions(d, device), (aaSum * (2.0 / d)).unsqueeze(0).expand(d, -1).contiguous(), 1);
                return 2.0 * n * aaSum.shape[0];
            }
            var pt = st.Probabilities!.t().contiguous();                                  // C × n
            gT = PackedProducts.OuterT(pt).neg_();                             // −p_c p_c'
            gT.index_add_(0, TrianglePairs.DiagonalPositions(d, device), pt, 1);   // + δ_{cc'} p_c
        }
        else
        {
            var g = BlockFactors.G(st, w, Loss, l, l, null, part);
            if (g is null) return 0;
            gT = PackedProducts.UpperT(g);
        }
        var aaT = PackedProducts.OuterT(st.A(l - 1).t().contiguous(), scale);            // c(c+1)/2 × n, times 1/N
        m.addmm_(gT, aaT.t());
        return 2.0 * n * gT.shape[0] * aaT.shape[0];
    }

    /// <summary>Writes the packed diagonal block into the full (d·c × d·c) target, H[(i,a),(j,b)] = M[q(i,j), q(a,b)],
    /// one neuron row at a time so the temporaries stay at d·c(c+1)/2 + d·c² entries.</summary>
    private static void Unpack(Tensor m, Tensor target, int d, int c)
    {
        var device = m.device;
        var pairOfRow = TrianglePairs.FullToPair(d, device).view(d, d);        // q(i, j)
        var pairOfCol = TrianglePairs.FullToPair(c, device);                   // q(a, b) for (a, b) row-major
        for (int i = 0; i < d; i++)
        {
            using var scope = torch.NewDisposeScope();
            var rows = m.index_select(0, pairOfRow[i]).index_select(1, pairOfCol);   // d × c²: [j, (a, b)]
            target.narrow(0, (long)i * c, c).view(c, d, c).copy_(rows.view(d, c, c).permute(1, 0, 2));
        }
    }
}
