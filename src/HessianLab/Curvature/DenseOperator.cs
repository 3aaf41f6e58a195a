using static TorchSharp.torch;

namespace HessianLab.Curvature;

/// <summary>A dense symmetric matrix as an operator (for tests and small problems).</summary>
public sealed class DenseOperator(Tensor matrix) : ILinearOperator
{
    /// <summary>The matrix.</summary>
    public Tensor Matrix { get; } = matrix;

    /// <inheritdoc />
    public long Dimension => Matrix.shape[0];

    /// <inheritdoc />
    public ScalarType DType => Matrix.dtype;

    /// <inheritdoc />
    public Tensor Apply(Tensor v) => Matrix.matmul(v);
}
