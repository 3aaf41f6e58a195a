using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Models;

/// <summary>Where each parameter lives in the flat vector θ, and θ's natural blocks.</summary>
/// <remarks>
/// Convention (docs/hessian-math.md, matching the talk's reference code):
/// θ = [vec_row(W_1); vec_row(W_2); …], each weight row-major, layers in order; with biases each
/// row is [W_l[i,:], b_l[i]]. So one row of a segment is one output neuron and one Hessian block.
/// A module that is not an MLP gets one segment per parameter tensor, its first dimension as rows.
/// </remarks>
public sealed class ParameterLayout
{
    /// <summary>The segments in θ order.</summary>
    public IReadOnlyList<ParameterSegment> Segments { get; }

    /// <summary>Total number of parameters P.</summary>
    public long Count { get; }

    /// <summary>Creates a layout from segments whose offsets are consecutive.</summary>
    public ParameterLayout(IReadOnlyList<ParameterSegment> segments)
    {
        long offset = 0;
        foreach (var s in segments)
        {
            if (s.Offset != offset) throw new ArgumentException($"segment {s.Name} starts at {s.Offset}, expected {offset}");
            offset += s.Size;
        }
        Segments = segments;
        Count = offset;
    }

    /// <summary>The layout of an MLP with the given widths; segments named W1…WL.</summary>
    public static ParameterLayout ForMlp(IReadOnlyList<int> widths, bool bias)
    {
        var segs = new List<ParameterSegment>();
        long offset = 0;
        for (int l = 1; l < widths.Count; l++)
        {
            int cols = widths[l - 1] + (bias ? 1 : 0);
            segs.Add(new ParameterSegment($"W{l}", widths[l], cols, offset, bias));
            offset += (long)widths[l] * cols;
        }
        return new ParameterLayout(segs);
    }

    /// <summary>One segment per tensor (rows = first dimension, 1 for scalars), named as given.</summary>
    public static ParameterLayout ForTensors(IReadOnlyList<(string Name, long[] Shape)> tensors)
    {
        var segs = new List<ParameterSegment>();
        long offset = 0;
        foreach (var (name, shape) in tensors)
        {
            long numel = shape.Aggregate(1L, (a, b) => a * b);
            int rows = shape.Length == 0 ? 1 : (int)shape[0];
            int cols = (int)(numel / Math.Max(rows, 1));
            segs.Add(new ParameterSegment(name, rows, cols, offset, false));
            offset += numel;
        }
        return new ParameterLayout(segs);
    }

    /// <summary>One block per row of every segment (per neuron: the talk's "one block = one neuron").</summary>
    public IReadOnlyList<ParameterBlock> NeuronBlocks()
    {
        var blocks = new List<ParameterBlock>();
        for (int s = 0; s < Segments.Count; s++)
        {
            var seg = Segments[s];
            for (int i = 0; i < seg.Rows; i++)
                blocks.Add(new ParameterBlock(seg.Offset + (long)i * seg.Cols, seg.Cols, s, $"{seg.Name}[{i}]"));
        }
        return blocks;
    }

    /// <summary>One block per segment (per layer).</summary>
    public IReadOnlyList<ParameterBlock> LayerBlocks() =>
        Segments.Select((seg, s) => new ParameterBlock(seg.Offset, checked((int)seg.Size), s, seg.Name)).ToList();

    /// <summary>Index of the segment with this name.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the valid ones.</exception>
    public int SegmentIndex(string name)
    {
        for (int s = 0; s < Segments.Count; s++)
            if (string.Equals(Segments[s].Name, name, StringComparison.OrdinalIgnoreCase)) return s;
        throw new ArgumentException($"unknown parameter '{name}'; this model has {string.Join(", ", Segments.Select(x => x.Name))}");
    }

    /// <summary>Flattens per-segment tensors into θ order.</summary>
    /// <param name="weights">One tensor per segment, shaped (Rows, WeightCols) or any shape of Size entries.</param>
    /// <param name="biases">Per segment, the bias vector (Rows) when the segment has one, else null.</param>
    public Tensor Flatten(IReadOnlyList<Tensor> weights, IReadOnlyList<Tensor?> biases)
    {
        var parts = new Tensor[Segments.Count];
        for (int s = 0; s < Segments.Count; s++)
        {
            var seg = Segments[s];
            var w = weights[s].reshape(seg.Rows, seg.WeightCols);
            parts[s] = seg.HasBias
                ? torch.cat(new[] { w, biases[s]!.reshape(seg.Rows, 1) }, 1).reshape(-1)
                : w.reshape(-1);
        }
        return torch.cat(parts, 0);
    }
}
