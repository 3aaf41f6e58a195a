using System.Diagnostics;
using HessianLab.Core;
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
    /// <remarks>Cost 2 N c_{l−1} P flops per neuron (one GEMM per neuron and layer, no symmetry used).</remarks>
    public Tensor NeuronRows(IReadOnlyList<(int Layer, int Neuron)> neurons, HessianPart part = HessianPart.Full)
    {
        using var threads = UseThreads();
        var rows = NeuronRowIndices(neurons);
        var spec = _model.Spec;
        int L = spec.Depth;
        var offsets = new long[neurons.Count];
        for (int t = 1; t < neurons.Count; t++) offsets[t] = offsets[t - 1] + Cols(neurons[t - 1].Layer - 1);
        var groups = Enumerable.Range(0, neurons.Count).GroupBy(t => neurons[t].Layer).ToDictionary(g => g.Key, g => g.ToArray());
        long perBlock = 0;
        foreach (var (l, ts) in groups)
            for (int k = 1; k <= L; k++)
            {
                long s = ts.Length, d = Width(l), dk = Width(k);
                perBlock = Math.Max(perBlock, k >= l
                    ? RowsPerSample(l, k, s) + 3 * d * Width(k - 1)
                    : 4 * dk * d + 3 * dk * Width(l - 1) + 2 * MaxWidth() * d + 3L * Cols(l - 1) * dk);
            }
        long outBytes = MemoryGuard.DenseBytes(rows.Length, Dimension, Options.ElementSize);
        var plan = Plan(SharedPerSample() + perBlock, 0, outBytes, $"{rows.Length} Hessian rows");
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
                        flops += k >= l
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

    /// <summary>Rows of neurons <paramref name="ids"/> of layer l against layer k &lt; l, from block (k, l) by symmetry:
    /// H[(l,i,a),(k,j,b)] = (1/N) Σ_n ã_{k−1}[b] (G_kl[j,i] ã_{l−1}[a] + δ_l[i] J_{l−1,k}[a,j]).</summary>
    private double AccumulateRowsBelow(MlpChunkState st, MlpWeights w, int l, int k, long[] ids, HessianPart part, double scale, Func<int, Tensor> target)
    {
        var g = BlockFactors.G(st, w, Loss, k, l, null, part);                 // n × d_k × d_l
        var jt = part == HessianPart.Ggn ? null : st.Jt(l - 1, k);            // n × d_k × d_{l−1}
        if (g is null && jt is null) return 0;
        int n = st.Count, c = w.Cols(l - 1), dk = w.Width(k);
        var al = st.A(l - 1);
        var ak = st.A(k - 1);
        for (int t = 0; t < ids.Length; t++)
        {
            var tt = g is null
                ? torch.zeros(new long[] { n, c, dk }, al.dtype, al.device)
                : al.unsqueeze(2) * g.select(2, ids[t]).unsqueeze(1);             // n × c_{l−1} × d_k
            if (jt is not null)
                tt.narrow(1, 0, w.Width(l - 1)).add_(jt.transpose(1, 2) * st.Delta(l).narrow(1, ids[t], 1).unsqueeze(2));
            var prod = tt.reshape(n, (long)c * dk).t().matmul(ak);              // (c_{l−1} d_k) × c_{k−1}
            target(t).add_(prod.view(c, w.LayerSize(k)), alpha: scale);
        }
        return 2.0 * n * ids.Length * c * w.LayerSize(k);
    }
}
