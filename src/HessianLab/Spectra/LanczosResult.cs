using static TorchSharp.torch;

namespace HessianLab.Spectra;

/// <summary>A Lanczos tridiagonalization T = Qᵀ A Q of k steps.</summary>
/// <param name="Alpha">Diagonal of T (k).</param>
/// <param name="Beta">Off-diagonal of T (k − 1).</param>
/// <param name="Basis">Orthonormal Lanczos vectors as columns (P × k), or null when not kept.</param>
public sealed record LanczosResult(double[] Alpha, double[] Beta, Tensor? Basis)
{
    /// <summary>Number of steps k actually taken (fewer than asked when an invariant subspace was found).</summary>
    public int Steps => Alpha.Length;

    /// <summary>T as a dense float64 matrix (k × k).</summary>
    public Tensor Tridiagonal()
    {
        int k = Steps;
        var t = zeros(k, k, dtype: ScalarType.Float64);
        for (int i = 0; i < k; i++)
        {
            t[i, i] = Alpha[i];
            if (i + 1 < k) { t[i, i + 1] = Beta[i]; t[i + 1, i] = Beta[i]; }
        }
        return t;
    }
}
