using HessianLab.Models;

namespace HessianLab.Structure;

/// <summary>A set of non-overlapping ranges of θ (the blocks I, J of the structure metrics), in a fixed order.</summary>
/// <remarks>
/// The usual partitions come from <see cref="ParameterLayout"/>: per neuron (one block per weight-matrix row,
/// the talk's "one block = one neuron") and per layer. A custom list of <see cref="ParameterBlock"/> works too;
/// blocks need not cover θ. Blocks with the same <see cref="ParameterBlock.Segment"/> form a group
/// (a layer), over which the off/diag ratio ρ is taken.
/// </remarks>
public sealed class BlockPartition
{
    /// <summary>The blocks, in map order.</summary>
    public IReadOnlyList<ParameterBlock> Blocks { get; }

    /// <summary>One past the largest θ index any block uses (the smallest matrix size this partition fits).</summary>
    public long Extent { get; }

    /// <summary>Number of blocks K (the maps are K × K).</summary>
    public int Count => Blocks.Count;

    internal IReadOnlyList<BlockRun> Runs { get; }

    /// <summary>Creates a partition from blocks (validated: positive lengths, non-negative starts, no overlaps).</summary>
    /// <exception cref="ArgumentException">An empty list, a bad block, or two blocks that overlap.</exception>
    public BlockPartition(IEnumerable<ParameterBlock> blocks)
    {
        var list = blocks.ToList();
        if (list.Count == 0) throw new ArgumentException("a block partition needs at least one block");
        foreach (var b in list)
            if (b.Length <= 0 || b.Start < 0)
                throw new ArgumentException($"block {b.Label} has start {b.Start} and length {b.Length}; both must be ≥ 0 and the length > 0");
        var sorted = list.OrderBy(b => b.Start).ToList();
        for (int i = 1; i < sorted.Count; i++)
            if (sorted[i].Start < sorted[i - 1].End)
                throw new ArgumentException($"blocks {sorted[i - 1].Label} [{sorted[i - 1].Start}, {sorted[i - 1].End}) and {sorted[i].Label} [{sorted[i].Start}, {sorted[i].End}) overlap");
        Blocks = list;
        Extent = list.Max(b => b.End);
        Runs = BuildRuns(list);
    }

    /// <summary>One block per weight-matrix row (neuron) of every layer.</summary>
    public static BlockPartition Neurons(ParameterLayout layout) => new(layout.NeuronBlocks());

    /// <summary>One block per layer (segment).</summary>
    public static BlockPartition Layers(ParameterLayout layout) => new(layout.LayerBlocks());

    /// <summary>The distinct group ids (<see cref="ParameterBlock.Segment"/>) in order of first appearance.</summary>
    public IReadOnlyList<int> Groups() => Blocks.Select(b => b.Segment).Distinct().ToList();

    /// <summary>Indices of the blocks of one group.</summary>
    public IReadOnlyList<int> IndicesOf(int group) =>
        Enumerable.Range(0, Count).Where(i => Blocks[i].Segment == group).ToList();

    /// <summary>True when, for every segment of <paramref name="layout"/>, the blocks of that group lie inside
    /// the segment and cover it exactly (then layer sums can be read off this partition's maps).</summary>
    public bool CoversSegmentsOf(ParameterLayout layout)
    {
        if (Blocks.Any(b => b.Segment < 0 || b.Segment >= layout.Segments.Count)) return false;
        for (int s = 0; s < layout.Segments.Count; s++)
        {
            var seg = layout.Segments[s];
            long covered = 0;
            foreach (var b in Blocks.Where(b => b.Segment == s))
            {
                if (b.Start < seg.Offset || b.End > seg.Offset + seg.Size) return false;
                covered += b.Length;
            }
            if (covered != seg.Size) return false;   // no overlaps, so equal sums mean exact cover
        }
        return true;
    }

    private static List<BlockRun> BuildRuns(List<ParameterBlock> blocks)
    {
        var runs = new List<BlockRun>();
        int first = 0;
        for (int i = 1; i <= blocks.Count; i++)
        {
            bool extends = i < blocks.Count && blocks[i].Length == blocks[first].Length
                           && blocks[i].Start == blocks[i - 1].End;
            if (extends) continue;
            runs.Add(new BlockRun(first, i - first, blocks[first].Start, blocks[first].Length));
            first = i;
        }
        return runs;
    }
}
