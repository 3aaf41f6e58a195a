using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Optim;

/// <summary>Newton–Schulz orthogonalization: G = U S Vᵀ ↦ ≈ U Vᵀ without an SVD (Muon's core).</summary>
/// <remarks>
/// X₀ = G / (‖G‖_F + 1e-7); then k times: A = X Xᵀ, B = b A + c A A, X = a X + B X, which applies the odd
/// polynomial p(σ) = aσ + bσ³ + cσ⁵ to every singular value. Tall inputs (m &gt; n) are transposed first so
/// that A is the small min(m,n)² Gram matrix, and transposed back. Reference: K. Jordan, "Muon: An optimizer
/// for hidden layers in neural networks" (2024), github.com/KellerJordan/Muon; the (2, −1.5, 0.5)×12 variant
/// from the modded-nanogpt optimization benchmark. The reference runs in bf16 on GPU; here the working dtype is
/// float32 or float64 (the input's if it is one of them), and a non-finite result is recomputed in float64.
/// </remarks>
public static class NewtonSchulz
{
    /// <summary>Coefficients (a, b, c) and the number of steps of a variant.</summary>
    public static (double A, double B, double C, int Steps) Coefficients(NewtonSchulzKind kind) => kind switch
    {
        NewtonSchulzKind.Quintic5 => (3.4445, -4.7750, 2.0315, 5),
        NewtonSchulzKind.Polar12 => (2.0, -1.5, 0.5, 12),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown Newton–Schulz variant"),
    };

    /// <summary>The scalar map that the iteration applies to each normalized singular value x = σ/(‖G‖_F + 1e-7).</summary>
    public static double ScalarMap(double x, NewtonSchulzKind kind)
    {
        var (a, b, c, steps) = Coefficients(kind);
        for (int k = 0; k < steps; k++) x = a * x + b * x * x * x + c * x * x * x * x * x;
        return x;
    }

    /// <summary>Orthogonalizes a 2-D tensor (a new tensor of the input's dtype and device).</summary>
    /// <param name="g">The matrix G (m × n), any floating dtype.</param>
    /// <param name="kind">Which iteration (default the quintic × 5).</param>
    /// <param name="workDType">Working precision: Float32 or Float64; null: Float64 for float64 input, else Float32.</param>
    /// <exception cref="ArgumentException">G is not 2-D, or the working dtype is not float32/float64.</exception>
    public static Tensor Orthogonalize(Tensor g, NewtonSchulzKind kind = NewtonSchulzKind.Quintic5, ScalarType? workDType = null)
    {
        if (g.dim() != 2) throw new ArgumentException($"Newton–Schulz needs a 2-D matrix, got shape [{string.Join(",", g.shape)}]");
        var work = workDType ?? (g.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32);
        if (work != ScalarType.Float32 && work != ScalarType.Float64)
            throw new ArgumentException($"Newton–Schulz working dtype must be Float32 or Float64, got {work}");
        using var scope = torch.NewDisposeScope();
        var x = Iterate(g, kind, work);
        if (work != ScalarType.Float64 && !IsFinite(x))
            x = Iterate(g, kind, ScalarType.Float64);    // NaN/Inf guard (incl. an overflowing ‖G‖_F): redo in float64
        if (!IsFinite(x))
            throw new ArithmeticException("Newton–Schulz produced NaN/Inf even in float64: the input contains non-finite values");
        return x.to(g.dtype).MoveToOuterDisposeScope();
    }

    private static bool IsFinite(Tensor x) => torch.isfinite(x).all().item<bool>();

    private static Tensor Iterate(Tensor g, NewtonSchulzKind kind, ScalarType work)
    {
        var (a, b, c, steps) = Coefficients(kind);
        var x = g.detach().to(work);
        bool tall = x.shape[0] > x.shape[1];
        if (tall) x = x.t();
        var norm = x.norm();
        if (!torch.isfinite(norm).item<bool>()) return torch.full_like(x, double.NaN);   // ‖G‖_F overflowed: signal the guard
        x = x / (norm + 1e-7);
        for (int k = 0; k < steps; k++)
        {
            var A = x.matmul(x.t());
            var B = b * A + c * A.matmul(A);
            x = a * x + B.matmul(x);
        }
        return tall ? x.t().contiguous() : x;
    }
}
