using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Optim;

/// <summary>Shampoo's pieces as pure functions (used by <see cref="Shampoo"/>, by E10's preconditioner matrices and by
/// the tests).</summary>
public static class ShampooMath
{
    /// <summary>(S + ε I)^{−1/p} of a symmetric PSD statistic S by symmetric eigendecomposition in float64
    /// (eigenvalues clamped at ε, which S + ε I cannot go below but rounding can), returned in S's dtype.</summary>
    /// <param name="s">Symmetric PSD matrix (e.g. L = Σ G Gᵀ).</param>
    /// <param name="eps">ε &gt; 0.</param>
    /// <param name="p">Root order (4 for a matrix's two factors, 2 for a vector's).</param>
    public static Tensor InverseRoot(Tensor s, double eps, double p)
    {
        using var scope = torch.NewDisposeScope();
        var s64 = s.to(ScalarType.Float64);
        var sym = (s64 + s64.t()) * 0.5 + eye(s.shape[0], dtype: ScalarType.Float64, device: s.device) * eps;
        var (evals, evecs) = linalg.eigh(sym);
        var f = evals.clamp_min(eps).pow(-1.0 / p);
        return (evecs * f.unsqueeze(0)).matmul(evecs.t()).to(s.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>Shampoo's direction for a matrix: L^{−1/4} U R^{−1/4} with the inverse roots given.</summary>
    public static Tensor MatrixDirection(Tensor leftRoot, Tensor u, Tensor rightRoot) => leftRoot.matmul(u).matmul(rightRoot);

    /// <summary>The diagonal fallback for vectors (order-1 Shampoo restricted to its diagonal = AdaGrad): u / √(ε + v).</summary>
    public static Tensor VectorDirection(Tensor u, Tensor v, double eps) => u / (v + eps).sqrt();
}
