using HessianLab.Curvature.Exact;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Curvature.Exact;

[Collection(TorchCollection.Name)]
public sealed class WeightedGramTests
{
    [Theory]
    [InlineData(5)]     // one group
    [InlineData(33)]    // two uneven groups
    [InlineData(130)]   // four groups
    public void Grouped_weighted_Grams_equal_the_dense_sums_and_are_exactly_symmetric(int m)
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(3);
        int n = 9, q = 3;
        var x = randn(new long[] { n, m }, ScalarType.Float64, generator: gen);
        var w = randn(new long[] { n, q }, ScalarType.Float64, generator: gen);
        var acc = zeros(m, q * m, dtype: ScalarType.Float64);
        double flops = WeightedGram.Accumulate(acc, w.narrow(0, 0, 4).contiguous(), x.narrow(0, 0, 4));
        flops += WeightedGram.Accumulate(acc, w.narrow(0, 4, 5).contiguous(), x.narrow(0, 4, 5));
        Assert.True(flops > 0);
        for (int qi = 0; qi < q; qi++)
        {
            var wq = cat(new[] { w.narrow(0, 0, 4).select(1, qi), w.narrow(0, 4, 5).select(1, qi) });
            var expected = x.t().matmul(x * wq.unsqueeze(1));
            var o = WeightedGram.Read(acc, qi, q);
            Assertions.CloseRelativeToMax(expected, o, 1e-13, $"Gram {qi} (m = {m})");
            Assertions.AllClose(o, o.t(), rtol: 0, atol: 0, what: "symmetry");
        }
    }
}
