namespace HessianLab.Models;

public sealed partial class ModuleParameters
{
    /// <summary>The module's neuron layout: one segment per weight of rank ≥ 2 (rows = output neurons or conv
    /// filters, its bias as a last column when there is one) and one single-row segment for every other parameter.</summary>
    /// <remarks>
    /// A weight "x.weight" of shape (d_out, …) pairs with "x.bias" (the bias-name rule given to <see cref="Of"/>) when
    /// that bias is trainable and has shape (d_out):
    /// neuron i = [W[i, …] flattened; b[i]] (a linear layer's row, a convolution's filter for output channel i).
    /// A parameter of any other rank (a LayerNorm gain, an unpaired bias, a scalar) is one block of its own.
    /// The layout is in neuron order; <see cref="NeuronOrder"/> maps it to this θ.
    /// </remarks>
    public ParameterLayout NeuronLayout() => new(Units().Select(u => u.Segment).ToList());

    /// <summary>For each index of <see cref="NeuronLayout"/>, the θ index it reads: θ_neuron = θ[order].</summary>
    public long[] NeuronOrder()
    {
        var order = new List<long>(checked((int)Count));
        foreach (var u in Units())
        {
            long w = _offsets[u.Weight];
            int wc = u.Segment.WeightCols;
            if (u.Bias is not int bias)
            {
                for (long k = 0; k < u.Segment.Size; k++) order.Add(w + k);
                continue;
            }
            for (int i = 0; i < u.Segment.Rows; i++)
            {
                for (int j = 0; j < wc; j++) order.Add(w + (long)i * wc + j);
                order.Add(_offsets[bias] + i);
            }
        }
        return order.ToArray();
    }

    /// <summary>One block per neuron (see <see cref="NeuronLayout"/>), as θ index sets in this θ order;
    /// the group of a block is its segment in <see cref="NeuronLayout"/>.</summary>
    public IReadOnlyList<IndexBlock> NeuronBlocks()
    {
        var order = NeuronOrder();
        var layout = NeuronLayout();
        var blocks = new List<IndexBlock>();
        foreach (var b in layout.NeuronBlocks())
            blocks.Add(new IndexBlock(order.AsSpan(checked((int)b.Start), b.Length).ToArray(), b.Segment, b.Label));
        return blocks;
    }

    private List<(ParameterSegment Segment, int Weight, int? Bias)> Units()
    {
        var biasOf = new Dictionary<int, int>();
        var pairedBiases = new HashSet<int>();
        for (int i = 0; i < Tensors.Count; i++)
        {
            if (Tensors[i].dim() < 2 || _biasNameOf(Names[i]) is not string biasName) continue;
            int b = Names.ToList().IndexOf(biasName);
            if (b >= 0 && !pairedBiases.Contains(b) && Tensors[b].dim() == 1 && Tensors[b].shape[0] == Tensors[i].shape[0])
            {
                biasOf[i] = b;
                pairedBiases.Add(b);
            }
        }
        var units = new List<(ParameterSegment, int, int?)>();
        for (int i = 0; i < Tensors.Count; i++)
        {
            if (pairedBiases.Contains(i)) continue;
            var t = Tensors[i];
            long numel = t.numel();
            ParameterSegment seg;
            if (t.dim() >= 2)
            {
                int rows = checked((int)t.shape[0]);
                int cols = checked((int)(numel / Math.Max(rows, 1)));
                bool bias = biasOf.ContainsKey(i);
                string label = IsWeight(Names[i], out string p) && p.Length > 0 ? p.TrimEnd('.') : Names[i];
                seg = new ParameterSegment(label, rows, cols + (bias ? 1 : 0), 0, bias);
            }
            else seg = new ParameterSegment(Names[i], 1, checked((int)numel), 0, false);
            units.Add((seg, i, biasOf.TryGetValue(i, out int bi) ? bi : null));
        }
        long offset = 0;
        for (int u = 0; u < units.Count; u++)
        {
            var (s, w, b) = units[u];
            units[u] = (s with { Offset = offset }, w, b);
            offset += s.Size;
        }
        return units;
    }

    private static bool IsWeight(string name, out string prefix)
    {
        prefix = "";
        if (name == "weight") return true;
        if (!name.EndsWith(".weight", StringComparison.Ordinal)) return false;
        prefix = name[..^"weight".Length];
        return true;
    }
}
