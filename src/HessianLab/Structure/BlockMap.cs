using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Structure;

/// <summary>Per-block reductions of a matrix for a <see cref="BlockPartition"/>: the block energy map
/// F²[I,J] = ‖H_IJ‖_F² and the block |H| sums (docs/hessian-math.md, "Structure metrics").</summary>
/// <remarks>
/// A contiguous CPU matrix is read once, in place, row by row (<see cref="ComputeFromRows"/>). Otherwise (other devices,
/// strided views) it is computed without per-entry loops: each pair of runs of equal, contiguous blocks is viewed as a
/// (rows × length × cols × length) tensor and reduced over the two length axes with
/// <c>linalg.vector_norm</c> (ord 2 squared and ord 1), which reads the matrix once per reduction and
/// allocates no temporary of the matrix's size. Rows are processed in chunks of whole blocks so that a
/// float32 input is converted to float64 chunk by chunk.
/// </remarks>
public sealed partial class BlockMap
{
    /// <summary>Elements per chunk of rows (32 MB in float64). Small enough that the float64 copy of a float32 chunk is
    /// served from memory the process already holds: with 2²⁵ (256 MB copies) the first analysis of the talk's float32
    /// Hessian took 1.5 s instead of 0.22 s, the time going to first touches of each fresh copy.</summary>
    private const long ChunkElements = 1L << 22;

    /// <summary>The partition the map is over.</summary>
    public BlockPartition Partition { get; }

    /// <summary>F²[I,J] = ‖H_IJ‖_F² = Σ_{a∈I, b∈J} H[a,b]².</summary>
    public double[,] EnergyMap { get; }

    /// <summary>S[I,J] = Σ_{a∈I, b∈J} |H[a,b]|.</summary>
    public double[,] AbsSumMap { get; }

    private BlockMap(BlockPartition partition, double[,] energy, double[,] absSum)
    {
        Partition = partition;
        EnergyMap = energy;
        AbsSumMap = absSum;
    }

    /// <summary>Number of blocks K.</summary>
    public int Count => Partition.Count;

    /// <summary>The block Frobenius map F[I,J] = ‖H_IJ‖_F.</summary>
    public double[,] FrobeniusMap() => Map((i, j) => Math.Sqrt(EnergyMap[i, j]));

    /// <summary>The mean-|H| map M[I,J] = mean |H_IJ| = S[I,J] / (|I|·|J|) (the paper's averaged heatmaps).</summary>
    public double[,] MeanAbsMap() =>
        Map((i, j) => AbsSumMap[i, j] / ((double)Partition.Blocks[i].Length * Partition.Blocks[j].Length));

    /// <summary>Σ_I ‖H_II‖_F² over all blocks.</summary>
    public double DiagonalEnergy()
    {
        double s = 0;
        for (int i = 0; i < Count; i++) s += EnergyMap[i, i];
        return s;
    }

    /// <summary>Σ_{I,J} ‖H_IJ‖_F² (= ‖H‖_F² when the blocks cover θ).</summary>
    public double TotalEnergy()
    {
        double s = 0;
        foreach (double v in EnergyMap) s += v;
        return s;
    }

    /// <summary>Computes the maps of a square matrix <paramref name="h"/> (float64 or float32, any device).</summary>
    /// <exception cref="ArgumentException">Not a square matrix, or smaller than the partition's extent.</exception>
    public static BlockMap Compute(Tensor h, BlockPartition partition)
    {
        if (h.dim() != 2 || h.shape[0] != h.shape[1])
            throw new ArgumentException($"expected a square matrix, got shape [{string.Join(",", h.shape)}]");
        if (h.shape[0] < partition.Extent)
            throw new ArgumentException($"the matrix is {h.shape[0]}×{h.shape[0]} but the partition reaches θ index {partition.Extent - 1}");
        if (Core.TensorMemory.IsContiguousCpuFloat(h)) return ComputeFromRows(h, partition);
        int k = partition.Count;
        var energy = new double[k, k];
        var absSum = new double[k, k];
        long p = h.shape[0];
        using var noGrad = torch.no_grad();
        foreach (var r in partition.Runs)
        {
            int blocksPerChunk = (int)Math.Clamp(ChunkElements / Math.Max(1, r.Length * p), 1, r.Count);
            for (int c0 = 0; c0 < r.Count; c0 += blocksPerChunk)
            {
                using var scope = torch.NewDisposeScope();
                int cnt = Math.Min(blocksPerChunk, r.Count - c0);
                var rows = h.detach().narrow(0, r.Start + (long)c0 * r.Length, (long)cnt * r.Length);
                if (rows.dtype != ScalarType.Float64) rows = rows.to_type(ScalarType.Float64);
                foreach (var s in partition.Runs)
                {
                    var sub = rows.narrow(1, s.Start, s.Span).reshape(cnt, r.Length, s.Count, s.Length);
                    var dims = new long[] { 1, 3 };
                    var e = torch.linalg.vector_norm(sub, 2, dims).pow_(2).cpu();
                    var a = torch.linalg.vector_norm(sub, 1, dims).cpu();
                    Scatter(energy, e, r.First + c0, s.First, cnt, s.Count);
                    Scatter(absSum, a, r.First + c0, s.First, cnt, s.Count);
                }
            }
        }
        return new BlockMap(partition, energy, absSum);
    }

    /// <summary>Sums this map over groups of blocks (e.g. neuron blocks → layer blocks).</summary>
    /// <param name="groupOf">Group index of each block.</param>
    /// <param name="coarse">The coarser partition whose block g is the union of the blocks with group g.</param>
    internal BlockMap Coarsen(Func<int, int> groupOf, BlockPartition coarse)
    {
        int g = coarse.Count;
        var energy = new double[g, g];
        var absSum = new double[g, g];
        for (int i = 0; i < Count; i++)
            for (int j = 0; j < Count; j++)
            {
                energy[groupOf(i), groupOf(j)] += EnergyMap[i, j];
                absSum[groupOf(i), groupOf(j)] += AbsSumMap[i, j];
            }
        return new BlockMap(coarse, energy, absSum);
    }

    private static void Scatter(double[,] target, Tensor values, int row0, int col0, int rows, int cols)
    {
        var data = values.contiguous().data<double>().ToArray();
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                target[row0 + i, col0 + j] = data[(long)i * cols + j];
    }

    private double[,] Map(Func<int, int, double> f)
    {
        var m = new double[Count, Count];
        for (int i = 0; i < Count; i++)
            for (int j = 0; j < Count; j++) m[i, j] = f(i, j);
        return m;
    }
}
