using HessianLab.Curvature;
using HessianLab.Spectra;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Spectra;

[Collection(TorchCollection.Name)]
public sealed class IterativeSpectraTests
{
    // A = Q diag(λ) Qᵀ with a random orthogonal Q: a known spectrum.
    private static (DenseOperator Op, double[] Eigenvalues) KnownSpectrum(int n, long seed)
    {
        using var gen = new Generator((ulong)seed);
        var (q, _) = linalg.qr(randn(new long[] { n, n }, ScalarType.Float64, generator: gen));
        var lam = Enumerable.Range(0, n).Select(i => i < 3 ? 50.0 - 10 * i : Math.Sin(i) * 2).ToArray();
        var a = q.matmul(diag(tensor(lam))).matmul(q.t());
        return (new DenseOperator((a + a.t()) * 0.5), lam);
    }

    [Fact]
    public void Lanczos_basis_is_orthonormal_and_reconstructs_T()
    {
        using var scope = NewDisposeScope();
        var (op, _) = KnownSpectrum(60, 1);
        var r = Lanczos.Run(op, 25);
        var q = r.Basis!;
        Assertions.AllClose(eye(r.Steps, dtype: ScalarType.Float64), q.t().matmul(q), atol: 1e-12, what: "QᵀQ");
        Assertions.AllClose(r.Tridiagonal(), q.t().matmul(op.Matrix).matmul(q), atol: 1e-10, what: "QᵀAQ = T");
    }

    [Fact]
    public void Top_eigenpairs_match_the_known_spectrum_and_satisfy_A_v_equals_lambda_v()
    {
        using var scope = NewDisposeScope();
        var (op, lam) = KnownSpectrum(80, 2);
        var (values, vectors) = Lanczos.TopEigenpairs(op, 3, steps: 40);
        Assert.Equal(new[] { 50.0, 40.0, 30.0 }, values.Select(v => Math.Round(v, 8)));
        var residual = op.Matrix.matmul(vectors) - vectors * tensor(values);
        Assert.True(residual.abs().max().item<double>() < 1e-7, "‖A V − V Λ‖ too large");
    }

    [Fact]
    public void SLQ_moments_converge_to_the_normalized_traces_of_powers()
    {
        using var scope = NewDisposeScope();
        var (op, lam) = KnownSpectrum(100, 3);
        int probes = 200;
        var (nodes, weights) = StochasticLanczosQuadrature.Quadrature(op, 20, probes, seed: 4);
        double m1 = nodes.Zip(weights, (x, w) => x * w).Sum() / probes;
        double m2 = nodes.Zip(weights, (x, w) => x * x * w).Sum() / probes;
        double t1 = lam.Average(), t2 = lam.Average(x => x * x);
        // Rademacher probes: relative error of vᵀAᵏv/‖v‖² ~ √(2/n)/√probes ≈ 1%; allow 5%.
        Assert.InRange(m1, t1 - 0.05 * Math.Abs(t2), t1 + 0.05 * Math.Abs(t2));
        Assert.InRange(m2 / t2, 0.95, 1.05);
        var grid = Enumerable.Range(0, 2001).Select(i => -10 + i * 0.035).ToArray();
        double mass = StochasticLanczosQuadrature.Density(nodes, weights, probes, grid, 0.5).Sum() * 0.035;
        Assert.InRange(mass, 0.97, 1.01);   // the grid covers [-10, 60]: almost all the mass
    }

    [Fact]
    public void Hutchinson_trace_is_within_four_standard_errors_and_the_error_shrinks_with_probes()
    {
        using var scope = NewDisposeScope();
        var (op, lam) = KnownSpectrum(50, 5);
        double truth = lam.Sum();
        var (few, seFew) = Hutchinson.Trace(op, 20, seed: 6);
        var (many, seMany) = Hutchinson.Trace(op, 800, seed: 7);
        Assert.InRange(few, truth - 4 * seFew, truth + 4 * seFew);
        Assert.InRange(many, truth - 4 * seMany, truth + 4 * seMany);
        Assert.True(seMany < seFew / 4, $"standard error {seFew} → {seMany} should shrink ~√40");
        var diagEst = Hutchinson.Diagonal(op, 4000, seed: 8);
        Assert.True((diagEst - op.Matrix.diagonal()).abs().max().item<double>() < 1.5, "diagonal estimate");
    }
}
