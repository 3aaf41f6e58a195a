using HessianLab.Optim;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Optim;

[Collection(TorchCollection.Name)]
public sealed class NewtonSchulzTests
{
    /// <summary>G = U diag(s) Vᵀ with random orthonormal U, V and the given singular values.</summary>
    internal static (Tensor G, Tensor U, Tensor V) WithSingularValues(int m, int n, double[] s, long seed)
    {
        using var gen = new Generator((ulong)seed);
        int k = Math.Min(m, n);
        var (u, _) = linalg.qr(randn(new long[] { m, k }, ScalarType.Float64, generator: gen));
        var (v, _) = linalg.qr(randn(new long[] { n, k }, ScalarType.Float64, generator: gen));
        var g = u.matmul(diag(tensor(s))).matmul(v.t());
        return (g, u, v);
    }

    [Theory]
    [InlineData(8, 5, ScalarType.Float64)]
    [InlineData(5, 8, ScalarType.Float64)]
    [InlineData(20, 3, ScalarType.Float32)]
    public void Given_singular_values_above_one_percent_of_the_norm_the_quintic_maps_them_into_0_68_to_1_13(int m, int n, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        int k = Math.Min(m, n);
        // Spread from 0.01·‖G‖_F up: s_i ∝ geometric from 1 down to 0.0101·‖s‖ (set after normalizing).
        var raw = Enumerable.Range(0, k).Select(i => Math.Pow(0.01, (double)i / (k - 1))).ToArray();
        double norm = Math.Sqrt(raw.Sum(x => x * x));
        var s = raw.Select(x => Math.Max(x, 0.0101 * norm)).ToArray();
        var (g, u, v) = WithSingularValues(m, n, s, seed: 3);
        double gNorm = g.norm().item<double>();
        var o = NewtonSchulz.Orthogonalize(g.to(dtype), NewtonSchulzKind.Quintic5).to(ScalarType.Float64);
        Assert.Equal(dtype, NewtonSchulz.Orthogonalize(g.to(dtype)).dtype);
        var sv = linalg.svdvals(o).data<double>().ToArray();
        foreach (var x in sv) Assert.InRange(x, 0.68, 1.13);
        // Independent check: NS(G) = U diag(p⁵(σ/(‖G‖_F+1e-7))) Vᵀ with the scalar polynomial map.
        var predicted = s.Select(x => NewtonSchulz.ScalarMap(x / (gNorm + 1e-7), NewtonSchulzKind.Quintic5)).ToArray();
        var expected = u.matmul(diag(tensor(predicted))).matmul(v.t());
        Assertions.AllClose(expected, o, rtol: 0, atol: dtype == ScalarType.Float64 ? 1e-10 : 2e-4, what: "NS vs scalar map on the SVD");
    }

    [Fact]
    public void Given_a_well_conditioned_matrix_the_12_step_variant_returns_the_polar_factor()
    {
        using var scope = NewDisposeScope();
        var (g, u, v) = WithSingularValues(7, 4, new[] { 3.0, 1.0, 0.2, 0.05 }, seed: 5);
        var o = NewtonSchulz.Orthogonalize(g, NewtonSchulzKind.Polar12);
        Assertions.AllClose(u.matmul(v.t()), o, rtol: 0, atol: 1e-9, what: "NS12 vs U Vᵀ");
        Assertions.AllClose(MuonMath.PolarFactor(g), o, rtol: 0, atol: 1e-9, what: "NS12 vs SVD polar factor");
        foreach (var x in linalg.svdvals(o).data<double>().ToArray()) Assert.InRange(x, 1 - 1e-9, 1 + 1e-9);
    }

    [Fact]
    public void A_tall_matrix_gives_the_transpose_of_its_wide_transpose()
    {
        using var scope = NewDisposeScope();
        var g = randn(9, 4, ScalarType.Float64, generator: new Generator(7));
        Assertions.AllClose(NewtonSchulz.Orthogonalize(g.t()).t(), NewtonSchulz.Orthogonalize(g), rtol: 0, atol: 1e-12, what: "tall vs wide");
    }

    [Fact]
    public void Given_float32_overflow_of_the_norm_the_guard_falls_back_to_float64()
    {
        using var scope = NewDisposeScope();
        var g64 = randn(6, 4, ScalarType.Float64, generator: new Generator(9)) * 1e20;   // ‖G‖_F² ≈ 1e41 overflows float32
        var g32 = g64.to(ScalarType.Float32);
        Assert.False(isfinite(g32.norm()).item<bool>());
        var o = NewtonSchulz.Orthogonalize(g32);
        Assert.Equal(ScalarType.Float32, o.dtype);
        Assertions.AllClose(NewtonSchulz.Orthogonalize(g64, NewtonSchulzKind.Quintic5), o, rtol: 0, atol: 1e-5, what: "float64 fallback");
    }

    [Fact]
    public void A_non_matrix_or_non_finite_input_is_refused_with_a_clear_message()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => NewtonSchulz.Orthogonalize(ones(3, ScalarType.Float64)));
        Assert.Contains("2-D", e.Message);
        var bad = ones(3, 3, ScalarType.Float64); bad[0, 0] = tensor(double.NaN);
        Assert.Throws<ArithmeticException>(() => NewtonSchulz.Orthogonalize(bad));
    }
}
