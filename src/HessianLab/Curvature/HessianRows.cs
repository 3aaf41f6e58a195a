using HessianLab.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature;

/// <summary>Rows of a Hessian gathered one row function call at a time (the operators' <c>Rows</c>).</summary>
internal static class HessianRows
{
    /// <summary>The rows of H for the given θ indices, as a (rows × P) matrix, or (rows × |columns|) when
    /// <paramref name="columns"/> is given (a sub-matrix H[rows, columns] without storing whole rows).</summary>
    /// <param name="row">Row k of H.</param>
    /// <param name="dimension">P.</param>
    /// <param name="dtype">Element type of the result.</param>
    /// <param name="device">Device of the result.</param>
    /// <param name="rows">θ indices; null for all P rows (the full Hessian).</param>
    /// <param name="progress">Called after each row with (done, total).</param>
    /// <param name="columns">θ indices of the columns to keep; null for all.</param>
    public static Tensor Collect(Func<long, Tensor> row, long dimension, ScalarType dtype, Device device,
        IReadOnlyList<long>? rows, Action<int, int>? progress, IReadOnlyList<long>? columns)
    {
        int count = rows?.Count ?? checked((int)dimension);
        long width = columns?.Count ?? dimension;
        MemoryGuard.EnsureFits(MemoryGuard.DenseBytes(count, width, dtype == ScalarType.Float32 ? 4 : 8),
            $"the {count}×{width} Hessian rows");
        var result = torch.empty(new long[] { count, width }, dtype, device);
        using var columnIndex = columns is null ? null : torch.tensor(columns.ToArray(), device: device);
        for (int i = 0; i < count; i++)
        {
            using var scope = torch.NewDisposeScope();
            var r = row(rows?[i] ?? i);
            result[i] = columnIndex is null ? r : r.index_select(0, columnIndex);
            progress?.Invoke(i + 1, count);
        }
        return result;
    }
}
