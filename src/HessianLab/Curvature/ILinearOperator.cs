using static TorchSharp.torch;

namespace HessianLab.Curvature;

/// <summary>A symmetric linear operator on θ (curvlinops style): iterative methods need only <see cref="Apply"/>.</summary>
public interface ILinearOperator
{
    /// <summary>Dimension P of θ.</summary>
    long Dimension { get; }

    /// <summary>dtype of the vectors it takes and returns.</summary>
    ScalarType DType { get; }

    /// <summary>A v for a vector v of length P (no graph is kept on the result).</summary>
    Tensor Apply(Tensor v);
}
