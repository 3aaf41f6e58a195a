using static TorchSharp.torch;

namespace HessianLab.Data;

/// <summary>A classification data set held whole (full-batch): inputs X (N × d) and labels y (N, int64 in [0, C)).</summary>
public sealed record Dataset(Tensor X, Tensor Y, int Classes)
{
    /// <summary>Number of samples N.</summary>
    public int Count => (int)X.shape[0];

    /// <summary>Input dimension d.</summary>
    public int Dim => (int)X.shape[1];
}
