namespace HessianLab.Models;

/// <summary>One contiguous piece of θ: a weight matrix stored row-major, optionally with its bias
/// as an extra last column ([W | b], docs/hessian-math.md "append a constant 1 to a_{l-1}").</summary>
/// <param name="Name">Display name, e.g. "W1".</param>
/// <param name="Rows">Number of rows = output neurons (one Hessian block each).</param>
/// <param name="Cols">Entries per row, the bias column included.</param>
/// <param name="Offset">Index in θ of entry (0, 0).</param>
/// <param name="HasBias">Whether the last column is the bias.</param>
public sealed record ParameterSegment(string Name, int Rows, int Cols, long Offset, bool HasBias)
{
    /// <summary>Number of entries Rows·Cols.</summary>
    public long Size => (long)Rows * Cols;

    /// <summary>Weight columns (Cols without the bias).</summary>
    public int WeightCols => HasBias ? Cols - 1 : Cols;

    /// <summary>θ index of W[row, col] (col = WeightCols is the bias when HasBias).</summary>
    public long Index(int row, int col) => Offset + (long)row * Cols + col;
}
