using System.Diagnostics;
using HessianLab.Core;
using HessianLab.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature.Exact;

public sealed partial class ExactMlpHessian
{
    /// <summary>The θ rows of chosen neurons, computed directly: neuron (l, i) is row i of [W_l | b_l],
    /// i.e. c_{l−1} consecutive θ indices (one Hessian block of the talk).</summary>
    /// <param name="neurons">(layer 1…L, neuron 0…d_l−1) pairs, in the order the rows are returned.</param>
    /// <param name="part">Full Hessian, GGN or residual part.</param>
    /// <returns>(Σ c_{l−1}) × P: the rows <see cref="NeuronRowIndices"/> of H.</returns>
    /// <remarks>Cost 2 N c_{l−1} P flops per neuron (no symmetry used): one GEMM per neuron and layer against layers at
    /// or above its own, one per group of neurons against the layers below and for output neurons under cross-entropy.</remarks>
    public Tensor NeuronRows(IReadOnlyList<(int Layer, int Neuron)> neurons, HessianPart part = HessianPart.Full)
    {
        using var threads = UseThreads();
        var rows = NeuronRowIndices(neurons);
        var spec = _model.Spec;
        int L = spec.Depth;
        var offsets = new long[neurons.Count];
        for (int t = 1; t < neurons.Count; t++) offsets[t] = offsets[t - 1] + Cols(neurons[t - 1].Layer - 1);
        var groups = Enumerable.Range(0, neurons.Count).GroupBy(t => neurons[t].Layer).ToDictionary(g => g.Key, g => g.ToArray());
        long perBlock = 0, fixedBytes = 0;
        foreach (var (l, ts) in groups)
            for (int k = 1; k <= L; k++)
            {
                long s = ts.Length, d = Width(l), dk = Width(k);
                if (IsCeOutputBlock(l, k))
                {
                    int g = OutputRowGroup(s);
                    perBlock = Math.Max(perBlock, 2 * (dk + g) * Cols(L - 1) + g);
                    fixedBytes = Math.Max(fixedBytes, (long)g * Cols(L - 1) * (Layout.Segments[L - 1].Size + Cols(L - 1)) * Options.ElementSize);
                    continue;
                }
                perBlock = Math.Max(perBlock, k >= l
                    ? RowsPerSample(l, k, s) + 3 * d * Width(k - 1)
                    : 4 * dk * d + 3 * dk * Width(l - 1) + 2 * MaxWidth() * d + 3L * Cols(l - 1) * dk
                      + 2L * BelowRowGroup(Cols(l - 1), dk, s) * Cols(l - 1) * dk);
            }
        long outBytes = MemoryGuard.DenseBytes(rows.Length, Dimension, Options.ElementSize);
        var plan = Plan(SharedPerSample() + perBlock, fixedBytes, outBytes, $"{rows.Length} Hessian rows");
        var result = torch.zeros(new long[] { rows.Length, Dimension }, Options.DType, _x.device);
        var sw = Stopwatch.StartNew();
        double flops = 0, scale = 1.0 / Samples;
        var segs = Layout.Segments;
        using (var scope = torch.NewDisposeScope())
        {
            var w = new MlpWeights(_model, Options.DType);
            for (int start = 0; start < Samples; start += plan.ChunkSize)
            {
                using var chunkScope = torch.NewDisposeScope();
                int n = Math.Min(plan.ChunkSize, Samples - start);
                var st = new MlpChunkState(w, spec.Activation, Loss, _x.narrow(0, start, n), _y.narrow(0, start, n));
                foreach (var (l, ts) in groups)
                {
                    var ids = ts.Select(t => (long)neurons[t].Neuron).ToArray();
                    for (int k = 1; k <= L; k++)
                    {
                        using var blockScope = torch.NewDisposeScope();
                        int kk = k;
                        Tensor Target(int t) => result.narrow(0, offsets[ts[t]], Cols(l - 1)).narrow(1, segs[kk - 1].Offset, segs[kk - 1].Size);
                        flops += IsCeOutputBlock(l, k)
                            ? AccumulateOutputRows(st, w, ids, part, scale, Target)
                            : k >= l
                            ? AccumulateRows(st, w, l, k, torch.tensor(ids, device: _x.device), part, scale, Target)
                            : AccumulateRowsBelow(st, w, l, k, ids, part, scale, Target);
                    }
                }
                flops += st.Flops;
            }
        }
        LastStats = new ExactHessianStats(Samples, plan.ChunkSize, plan.Chunks, flops, plan.WorkingBytes, outBytes, sw.Elapsed.TotalSeconds);
        return result;
    }

    /// <summary>The θ indices of the rows <see cref="NeuronRows"/> returns, in the same order.</summary>
    /// <exception cref="ArgumentException">An empty list, or a layer or neuron that does not exist.</exception>
    public long[] NeuronRowIndices(IReadOnlyList<(int Layer, int Neuron)> neurons)
    {
        if (neurons.Count == 0) throw new ArgumentException("no neurons requested");
        var segs = Layout.Segments;
        var list = new List<long>();
        foreach (var (l, i) in neurons)
        {
            if (l < 1 || l > segs.Count) throw new ArgumentException($"layer {l} does not exist: this network has layers 1…{segs.Count}");
            if (i < 0 || i >= segs[l - 1].Rows) throw new ArgumentException($"neuron {i} of layer {l} does not exist: W{l} has {segs[l - 1].Rows} rows");
            for (int a = 0; a < segs[l - 1].Cols; a++) list.Add(segs[l - 1].Index(i, a));
        }
        return list.ToArray();
    }

    /// <summary>The output layer against itself under cross-entropy: its rows go through <see cref="AccumulateOutputRows"/>.</summary>
    private bool IsCeOutputBlock(int l, int k) => Loss == LossKind.Ce && l == _model.Spec.Depth && k == l;

    /// <summary>Bytes of one product of <see cref="AccumulateOutputRows"/> (32 MB: hundreds of rows on the talk's net, an
    /// efficient GEMM); tests lower it to exercise several groups on a small net.</summary>
    internal long OutputRowGroupBytes { get; init; } = 32L << 20;

    /// <summary>Output neurons per GEMM of <see cref="AccumulateOutputRows"/>: as many as fit in <see cref="OutputRowGroupBytes"/>.</summary>
    private int OutputRowGroup(long neurons)
    {
        int L = _model.Spec.Depth;
        long perNeuron = (long)Cols(L - 1) * (Layout.Segments[L - 1].Size + Cols(L - 1)) * Options.ElementSize;
        return (int)Math.Clamp(OutputRowGroupBytes / Math.Max(1, perNeuron), 1, Math.Max(1, neurons));
    }

    /// <summary>Rows of output neurons <paramref name="ids"/> against the output layer under cross-entropy, a GEMM per
    /// group of neurons instead of a GEMM per neuron over Λ's rows (docs/hessian-math.md: G_LL = Λ, and no residual
    /// part, the logits being linear in W_L): H[(L,i,a),(L,j,b)] = (1/N) Σ_n (p_ni δ_ij − p_ni p_nj) ã_na ã_nb.
    /// With U = P_S ⊙⊗ ã (n × s·c, U[n, t·c + a] = p_{n,i_t} ã_na) and V = P ⊙⊗ ã (n × C·c), the rows are (1/N)(−UᵀV)
    /// plus, at the columns of neuron i itself, the diagonal blocks (1/N) Uᵀã.</summary>
    private double AccumulateOutputRows(MlpChunkState st, MlpWeights w, long[] ids, HessianPart part, double scale, Func<int, Tensor> target)
    {
        if (part == HessianPart.Residual) return 0;
        int L = w.Depth;
        long n = st.Count, c = w.Cols(L - 1), classes = w.Width(L);
        var a = st.A(L - 1);                                                        // n × c
        var p = st.Probabilities!;                                                 // n × C
        var v = (p.unsqueeze(2) * a.unsqueeze(1)).reshape(n, classes * c);          // V[n, j·c + b] = p_nj ã_nb
        int group = OutputRowGroup(ids.Length);
        double flops = 0;
        for (int t0 = 0; t0 < ids.Length; t0 += group)
        {
            using var scope = torch.NewDisposeScope();
            int g = Math.Min(group, ids.Length - t0);
            var ps = p.index_select(1, torch.tensor(ids.AsSpan(t0, g).ToArray(), device: p.device));   // n × g
            var u = (ps.unsqueeze(2) * a.unsqueeze(1)).reshape(n, g * c);           // U[n, t·c + a] = p_{n,i_t} ã_na
            var cross = u.t().matmul(v);                                             // (g·c) × (C·c): Σ_n p_ni p_nj ã_na ã_nb
            var diagonal = u.t().matmul(a);                                          // (g·c) × c: Σ_n p_ni ã_na ã_nb
            for (int t = 0; t < g; t++)
            {
                var rows = target(t0 + t);                                           // c × (C·c)
                rows.add_(cross.narrow(0, (long)t * c, c), alpha: -scale);
                rows.narrow(1, ids[t0 + t] * c, c).add_(diagonal.narrow(0, (long)t * c, c), alpha: scale);
            }
            flops += 2.0 * n * g * c * (classes * c + c);
        }
        return flops;
    }

    /// <summary>Rows of neurons <paramref name="ids"/> of layer l against layer k &lt; l, from block (k, l) by symmetry:
    /// H[(l,i,a),(k,j,b)] = (1/N) Σ_n ã_{k−1}[b] (G_kl[j,i] ã_{l−1}[a] + δ_l[i] J_{l−1,k}[a,j]). The factors of a group of
    /// <see cref="BelowRowGroup"/> neurons go into one GEMM: (g·c_{l−1}·d_k × n)·(n × c_{k−1}).</summary>
    private double AccumulateRowsBelow(MlpChunkState st, MlpWeights w, int l, int k, long[] ids, HessianPart part, double scale, Func<int, Tensor> target)
    {
        var g = BlockFactors.G(st, w, Loss, k, l, null, part);                 // n × d_k × d_l
        var jt = part == HessianPart.Ggn ? null : st.Jt(l - 1, k);            // n × d_k × d_{l−1}
        if (g is null && jt is null) return 0;
        int n = st.Count, c = w.Cols(l - 1), dk = w.Width(k), dl1 = w.Width(l - 1);
        var al = st.A(l - 1);
        var ak = st.A(k - 1);
        int group = BelowRowGroup(c, dk, ids.Length);
        for (int t0 = 0; t0 < ids.Length; t0 += group)
        {
            using var scope = torch.NewDisposeScope();
            int m = Math.Min(group, ids.Length - t0);
            var sel = torch.tensor(ids.AsSpan(t0, m).ToArray(), device: al.device);
            var tt = g is null                                                   // n × m × c_{l−1} × d_k
                ? torch.zeros(new long[] { n, m, c, dk }, al.dtype, al.device)
                : al.unsqueeze(1).unsqueeze(3) * g.index_select(2, sel).transpose(1, 2).unsqueeze(2);
            if (jt is not null)
                tt.narrow(2, 0, dl1).add_(jt.transpose(1, 2).unsqueeze(1) * st.Delta(l).index_select(1, sel).unsqueeze(2).unsqueeze(3));
            var prod = tt.reshape(n, (long)m * c * dk).t().matmul(ak);          // (m c_{l−1} d_k) × c_{k−1}
            for (int t = 0; t < m; t++)
                target(t0 + t).add_(prod.narrow(0, (long)t * c * dk, (long)c * dk).view(c, w.LayerSize(k)), alpha: scale);
        }
        return 2.0 * n * ids.Length * c * w.LayerSize(k);
    }

    /// <summary>Neurons per GEMM of <see cref="AccumulateRowsBelow"/>: their factors take at most
    /// <see cref="BelowRowGroupElements"/> per sample (4096: 64 of the talk's output neurons, a product of 512 rows).</summary>
    private static int BelowRowGroup(long c, long dk, long neurons) => (int)Math.Clamp(BelowRowGroupElements / Math.Max(1, c * dk), 1, Math.Max(1, neurons));

    private const long BelowRowGroupElements = 4096;
}
