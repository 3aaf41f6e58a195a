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
    public void Grouped_weighted_Grams_accumulated_in_a_strided_block_equal_the_dense_sums_and_are_exactly_symmetric(int m)
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(3);
        int n = 9;
        var x = randn(new long[] { n, m }, ScalarType.Float64, generator: gen);
        var w = randn(new long[] { n }, ScalarType.Float64, generator: gen);
        // The target is a block inside a larger matrix (rows strided), as a slot of H is; the rest must stay untouched.
        var big = zeros(m + 3, 2 * m + 1, dtype: ScalarType.Float64);
        var target = big.narrow(0, 2, m).narrow(1, m, m);
        double flops = WeightedGram.Accumulate(target, w.narrow(0, 0, 4), x.narrow(0, 0, 4));
        flops += WeightedGram.Accumulate(target, w.narrow(0, 4, 5), x.narrow(0, 4, 5));
        WeightedGram.Complete(target);
        Assert.True(flops > 0 && flops <= 2.0 * n * m * m);
        var expected = x.t().matmul(x * w.unsqueeze(1));
        Assertions.CloseRelativeToMax(expected, target, 1e-13, $"Gram (m = {m})");
        Assertions.AllClose(target, target.t(), rtol: 0, atol: 0, what: "symmetry");
        var outside = big.clone();
        outside.narrow(0, 2, m).narrow(1, m, m).zero_();
        Assert.Equal(0.0, outside.abs().max().item<double>());
    }
}
