using HessianLab.Curvature;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Spectra;

/// <summary>Lanczos iteration with full re-orthogonalization in float64, on any symmetric operator.</summary>
/// <remarks>
/// q_1 = v/‖v‖; w = A q_j − β_{j−1} q_{j−1}; α_j = q_jᵀ w; w −= α_j q_j; then w −= Q (Qᵀ w) twice
/// (full re-orthogonalization, "twice is enough"); β_j = ‖w‖; q_{j+1} = w/β_j.
/// The Ritz values (eigenvalues of T) converge first at the ends of the spectrum.
/// Reference: Golub &amp; Van Loan, Matrix Computations, §10.1; Ghorbani et al. 2019 (Hessian spectra).
/// </remarks>
public static class Lanczos
{
    /// <summary>Runs up to <paramref name="steps"/> steps from <paramref name="start"/> (random if null).</summary>
    public static LanczosResult Run(ILinearOperator op, int steps, Tensor? start = null, bool keepBasis = true, long seed = 0)
    {
        long n = op.Dimension;
        if (steps < 1) throw new ArgumentException($"Lanczos needs at least 1 step, got {steps}");
        steps = (int)Math.Min(steps, n);
        using var scope = torch.NewDisposeScope();
        Tensor v;
        if (start is null)
        {
            using var gen = new Generator((ulong)seed);
            v = torch.randn(new long[] { n }, ScalarType.Float64, generator: gen);
        }
        else v = start.to_type(ScalarType.Float64).cpu();
        var q = torch.zeros(new long[] { n, steps }, ScalarType.Float64);
        var alpha = new List<double>();
        var beta = new List<double>();
        var qj = v / v.norm();
        for (int j = 0; j < steps; j++)
        {
            q[.., j] = qj;
            var w = op.Apply(qj.to_type(op.DType)).to_type(ScalarType.Float64).cpu();
            if (j > 0) w = w - beta[j - 1] * q[.., j - 1];
            double a = qj.dot(w).item<double>();
            alpha.Add(a);
            w = w - a * qj;
            var basis = q.narrow(1, 0, j + 1);
            for (int pass = 0; pass < 2; pass++) w = w - basis.matmul(basis.t().matmul(w));
            double b = w.norm().item<double>();
            if (j + 1 == steps || b < 1e-12 * Math.Max(1.0, Math.Abs(a))) break;
            beta.Add(b);
            qj = w / b;
        }
        int k = alpha.Count;
        Tensor? kept = keepBasis ? q.narrow(1, 0, k).clone().MoveToOuterDisposeScope() : null;
        return new LanczosResult(alpha.ToArray(), beta.Take(k - 1).ToArray(), kept);
    }

    /// <summary>The <paramref name="count"/> largest-magnitude or algebraically largest Ritz pairs.</summary>
    /// <param name="op">Symmetric operator.</param>
    /// <param name="count">How many eigenpairs.</param>
    /// <param name="steps">Lanczos steps (default max(3·count, 30)).</param>
    /// <param name="byMagnitude">Rank by |λ| (true) or by λ (false).</param>
    /// <param name="seed">Seed of the random start vector.</param>
    /// <returns>Eigenvalues (descending by the chosen key) and eigenvectors as columns (P × count).</returns>
    public static (double[] Values, Tensor Vectors) TopEigenpairs(ILinearOperator op, int count, int? steps = null, bool byMagnitude = false, long seed = 0)
    {
        if (count < 1) throw new ArgumentException($"need at least one eigenpair, got {count}");
        var r = Run(op, steps ?? Math.Max(3 * count, 30), keepBasis: true, seed: seed);
        using var scope = torch.NewDisposeScope();
        var (vals, vecs) = torch.linalg.eigh(r.Tridiagonal());
        var key = byMagnitude ? vals.abs() : vals;
        var order = key.argsort(descending: true).narrow(0, 0, Math.Min(count, r.Steps));
        var values = vals.index_select(0, order).data<double>().ToArray();
        var ritz = r.Basis!.matmul(vecs.index_select(1, order));
        return (values, ritz.MoveToOuterDisposeScope());
    }
}
