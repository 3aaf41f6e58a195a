namespace HessianLab.Plots;

/// <summary>A rectangle of a matrix drawn unpooled (one entry ≥ 1 pixel) beside the pooled overview (<see cref="HeatmapInsets"/>).</summary>
/// <param name="Row">First row, relative to the matrix drawn.</param>
/// <param name="Column">First column, relative to the matrix drawn.</param>
/// <param name="Rows">Rows of the inset.</param>
/// <param name="Columns">Columns of the inset.</param>
/// <param name="Label">Short name shown on the overview's frame and in the inset's title, e.g. "H_WV corner".</param>
public sealed record InsetRegion(long Row, long Column, int Rows, int Columns, string Label)
{
    /// <summary>The region clipped to a rows × cols matrix (null when nothing of it is left).</summary>
    public InsetRegion? ClippedTo(long rows, long cols)
    {
        long r0 = Math.Clamp(Row, 0, rows), c0 = Math.Clamp(Column, 0, cols);
        int r = (int)Math.Min(Rows, rows - r0), c = (int)Math.Min(Columns, cols - c0);
        return r <= 0 || c <= 0 ? null : this with { Row = r0, Column = c0, Rows = r, Columns = c };
    }
}
