using HessianLab.Spectra;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.Spectra;

/// <summary>The sampler's eigenvalues of A = (1/n) X diag(τ) Xᵀ against libtorch's eigvalsh of the d × d matrix itself:
/// the n × n Gram form it uses when d &gt; n and τ ≥ 0, and the direct path otherwise.</summary>
[Collection(TorchCollection.Name)]
public sealed class RandomMatrixEigenvaluesTests
{
    private static double[] Direct(Tensor x, Tensor tau) =>
        linalg.eigvalsh((x * tau.unsqueeze(1)).matmul(x.transpose(1, 2)) / x.shape[2]).contiguous().data<double>().ToArray();

    private static (Tensor X, Tensor Tau) Draws(int b, int d, int n, bool negative)
    {
        using var gen = new Generator(17);
        var x = randn(new long[] { b, d, n }, ScalarType.Float64, generator: gen);
        var tau = rand(new long[] { b, n }, ScalarType.Float64, generator: gen) * 4;
        tau[0, 3] = tensor(0.0, ScalarType.Float64);          // a zero weight: one more zero eigenvalue
        if (negative) tau[1, 5] = tensor(-0.5, ScalarType.Float64);
        return (x, tau);
    }

    [Fact]
    public void The_Gram_form_for_d_above_n_gives_the_d_by_d_spectrum_with_exact_zeros()
    {
        using var scope = NewDisposeScope();
        var (x, tau) = Draws(3, 40, 9, negative: false);
        var fast = RandomMatrixSampler.EigenvaluesOf(x, tau, 0);
        var direct = Direct(x, tau);
        Assert.Equal(direct.Length, fast.Length);
        double max = direct.Max(Math.Abs);
        for (int i = 0; i < direct.Length; i++) Assert.True(Math.Abs(direct[i] - fast[i]) <= 1e-12 * max, $"eigenvalue {i}: {fast[i]} vs {direct[i]}");
        for (int k = 0; k < 3; k++)
        {
            var draw = fast.AsSpan(k * 40, 40).ToArray();
            Assert.True(draw.SequenceEqual(draw.OrderBy(v => v)), $"draw {k} not ascending");
            Assert.True(draw.Count(v => v == 0) >= 31, $"draw {k}: the d − n = 31 zero eigenvalues are not exact");
        }
    }

    [Fact]
    public void A_negative_weight_or_d_at_most_n_takes_the_direct_path()
    {
        using var scope = NewDisposeScope();
        var (x, tau) = Draws(3, 40, 9, negative: true);
        Assert.Equal(Direct(x, tau), RandomMatrixSampler.EigenvaluesOf(x, tau, 0));
        var (x2, tau2) = Draws(2, 12, 30, negative: false);
        Assert.Equal(Direct(x2, tau2), RandomMatrixSampler.EigenvaluesOf(x2, tau2, 0));
    }
}
