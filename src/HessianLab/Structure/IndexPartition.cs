using HessianLab.Core;
using HessianLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Structure;

/// <summary>Blocks given as arbitrary, disjoint sets of θ indices (non-contiguous, any order), e.g. the neurons
/// of a module whose weights and biases are stored apart (<see cref="ModuleParameters.NeuronBlocks"/>).</summary>
/// <remarks>
/// Reduced to the contiguous case by one permutation: with <see cref="Order"/> = I_1 ∪ I_2 ∪ … (concatenated),
/// the gathered matrix H' = H[order, order] has block (I_a, I_b) at rows/columns of <see cref="Contiguous"/>, so
/// ‖H_{I_a I_b}‖_F² = ‖H'_{ab}‖_F² and every block metric of <see cref="BlockMap"/> and
/// <see cref="StructureAnalysis"/> applies unchanged. Indices that belong to no block are left out of H'.
/// </remarks>
public sealed class IndexPartition
{
    /// <summary>The blocks, in map order.</summary>
    public IReadOnlyList<IndexBlock> Blocks { get; }

    /// <summary>The blocks' indices concatenated: position k of the gathered matrix is θ index Order[k].</summary>
    public long[] Order { get; }

    /// <summary>The same blocks as consecutive ranges of the gathered matrix (labels and groups kept).</summary>
    public BlockPartition Contiguous { get; }

    /// <summary>Number of blocks K.</summary>
    public int Count => Blocks.Count;

    /// <summary>Creates a partition from index sets (validated: non-empty, non-negative, pairwise disjoint).</summary>
    /// <exception cref="ArgumentException">No blocks, an empty block, a negative index, or an index in two blocks.</exception>
    public IndexPartition(IEnumerable<IndexBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var list = blocks.ToList();
        if (list.Count == 0) throw new ArgumentException("an index partition needs at least one block", nameof(blocks));
        var owner = new Dictionary<long, string>();
        foreach (var b in list)
        {
            if (b.Length == 0) throw new ArgumentException($"block {b.Label} is empty", nameof(blocks));
            foreach (long i in b.Indices)
            {
                if (i < 0) throw new ArgumentException($"block {b.Label} has the negative index {i}", nameof(blocks));
                if (!owner.TryAdd(i, b.Label))
                    throw new ArgumentException($"θ index {i} is in both block {owner[i]} and block {b.Label}", nameof(blocks));
            }
        }
        Blocks = list;
        Order = list.SelectMany(b => b.Indices).ToArray();
        long start = 0;
        var ranges = new List<ParameterBlock>();
        foreach (var b in list)
        {
            ranges.Add(new ParameterBlock(start, b.Length, b.Group, b.Label));
            start += b.Length;
        }
        Contiguous = new BlockPartition(ranges);
    }

    /// <summary>A partition from a block id per θ index: index i goes to block <paramref name="blockOf"/>[i]
    /// (negative: in no block). Blocks are numbered 0…K−1 in order of their ids; each block is its own group.</summary>
    public static IndexPartition FromAssignment(IReadOnlyList<int> blockOf)
    {
        ArgumentNullException.ThrowIfNull(blockOf);
        var sets = new SortedDictionary<int, List<long>>();
        for (int i = 0; i < blockOf.Count; i++)
        {
            if (blockOf[i] < 0) continue;
            if (!sets.TryGetValue(blockOf[i], out var set)) sets[blockOf[i]] = set = new List<long>();
            set.Add(i);
        }
        return new IndexPartition(sets.Select((kv, g) => new IndexBlock(kv.Value.ToArray(), g, $"[{kv.Key}]")));
    }

    /// <summary>H' = H[order, order], the matrix seen by <see cref="Contiguous"/>.</summary>
    /// <exception cref="ArgumentException">Not a square matrix, or smaller than the largest index.</exception>
    public Tensor Gather(Tensor h)
    {
        if (h.dim() != 2 || h.shape[0] != h.shape[1])
            throw new ArgumentException($"expected a square matrix, got shape [{string.Join(",", h.shape)}]", nameof(h));
        long max = Order.Max();
        if (max >= h.shape[0])
            throw new ArgumentException($"the matrix is {h.shape[0]}×{h.shape[0]} but the partition uses θ index {max}", nameof(h));
        MemoryGuard.EnsureFits(MemoryGuard.DenseBytes(Order.Length, Order.Length, (int)h.ElementSize), "the gathered block matrix");
        using var scope = torch.NewDisposeScope();
        var index = torch.tensor(Order, device: h.device);
        return h.detach().index_select(0, index).index_select(1, index).MoveToOuterDisposeScope();
    }

    /// <summary>Block energy and |H| maps over these blocks: F²[a,b] = ‖H_{I_a I_b}‖_F², S[a,b] = Σ |H_{I_a I_b}|.</summary>
    public BlockMap Map(Tensor h)
    {
        using var gathered = Gather(h);
        return BlockMap.Compute(gathered, Contiguous);
    }
}
