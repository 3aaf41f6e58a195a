namespace HessianLab.Viewer.Matrix;

/// <summary>How a pixel that covers f×f entries at a coarse zoom level summarizes them.</summary>
public enum Pooling
{
    /// <summary>The entry of largest |H| in the cell, with its sign (an unsigned view shows max |H|).</summary>
    Max,

    /// <summary>The signed mean of the cell's entries (the paper's averaged map).</summary>
    Mean,
}
