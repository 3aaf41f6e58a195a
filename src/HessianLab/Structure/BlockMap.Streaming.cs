using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Structure;

public sealed partial class BlockMap
{
    /// <summary>Builds the maps of a square matrix from bands of whole row blocks, one band at a time, so a matrix
    /// larger than memory is reduced while it is streamed (each band is reduced exactly as
    /// <see cref="Compute"/> reduces the same rows: F²[I,J] and S[I,J] for the row blocks I of the band).</summary>
    public sealed class Builder
    {
        private readonly BlockPartition _partition;
        private readonly double[,] _energy, _absSum;
        private readonly bool[] _seen;

        /// <summary>An empty map over <paramref name="partition"/>.</summary>
        public Builder(BlockPartition partition)
        {
            _partition = partition;
            _energy = new double[partition.Count, partition.Count];
            _absSum = new double[partition.Count, partition.Count];
            _seen = new bool[partition.Count];
        }

        /// <summary>Adds rows [<paramref name="rowStart"/>, rowStart + rows.shape[0]) of the matrix (all columns).</summary>
        /// <exception cref="ArgumentException">The band does not consist of whole blocks, overlaps an earlier one, or
        /// has too few columns.</exception>
        public void AddRows(long rowStart, Tensor rows)
        {
            long rowEnd = rowStart + rows.shape[0];
            if (rows.dim() != 2 || rows.shape[1] < _partition.Extent)
                throw new ArgumentException($"a band of shape [{string.Join(",", rows.shape)}] does not span the partition's {_partition.Extent} columns", nameof(rows));
            using var noGrad = torch.no_grad();
            long covered = 0;
            foreach (var r in _partition.Runs)
                for (int b = 0; b < r.Count; b++)
                {
                    long start = r.Start + (long)b * r.Length, end = start + r.Length;
                    if (end <= rowStart || start >= rowEnd) continue;
                    if (start < rowStart || end > rowEnd)
                        throw new ArgumentException($"rows [{rowStart}, {rowEnd}) cut block {r.First + b} [{start}, {end}): a band must hold whole blocks", nameof(rowStart));
                    if (_seen[r.First + b]) throw new ArgumentException($"block {r.First + b} was already added", nameof(rowStart));
                    _seen[r.First + b] = true;
                    covered += r.Length;
                    using var scope = torch.NewDisposeScope();
                    var band = rows.detach().narrow(0, start - rowStart, r.Length);
                    if (band.dtype != ScalarType.Float64) band = band.to_type(ScalarType.Float64);
                    foreach (var s in _partition.Runs)
                    {
                        var sub = band.narrow(1, s.Start, s.Span).reshape(1, r.Length, s.Count, s.Length);
                        var dims = new long[] { 1, 3 };
                        var e = torch.linalg.vector_norm(sub, 2, dims).pow_(2).cpu().contiguous().data<double>().ToArray();
                        var a = torch.linalg.vector_norm(sub, 1, dims).cpu().contiguous().data<double>().ToArray();
                        for (int j = 0; j < s.Count; j++)
                        {
                            _energy[r.First + b, s.First + j] = e[j];
                            _absSum[r.First + b, s.First + j] = a[j];
                        }
                    }
                }
            if (covered == 0) throw new ArgumentException($"rows [{rowStart}, {rowEnd}) hold no block of the partition", nameof(rowStart));
        }

        /// <summary>The map, once every block's rows were added.</summary>
        /// <exception cref="InvalidOperationException">Some block's rows are missing.</exception>
        public BlockMap Build()
        {
            int missing = Array.IndexOf(_seen, false);
            if (missing >= 0) throw new InvalidOperationException($"the rows of block {missing} ({_partition.Blocks[missing].Label}) were never added");
            return new BlockMap(_partition, _energy, _absSum);
        }
    }
}
