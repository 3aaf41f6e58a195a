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

    [Theory]
    [InlineData(5)]
    [InlineData(130)]
    public void Grams_into_an_interleaved_slot_through_a_scratch_equal_the_dense_sums_and_leave_the_other_slots_alone(int m)
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(4);
        int n = 11, c = 3;
        var x = randn(new long[] { n, m }, ScalarType.Float64, generator: gen);
        var w = randn(new long[] { n }, ScalarType.Float64, generator: gen);
        // H[(·, a), (·, b)] of an (m·c)² block: strides (c·m·c, c), neither 1, so BLAS cannot write it in place.
        var big = randn(new long[] { m * c, m * c }, ScalarType.Float64, generator: gen);
        var before = big.clone();
        var slot = big.view(m, c, m, c).select(1, 1).select(2, 2);
        Assert.True(StridedProducts.NeedsScratch(slot));
        var scratch = full(new long[] { WeightedGram.ScratchElems(m) }, double.NaN, ScalarType.Float64);   // beta = 0 must ignore it
        WeightedGram.Accumulate(slot, w.narrow(0, 0, 5), x.narrow(0, 0, 5), scratch);
        WeightedGram.Accumulate(slot, w.narrow(0, 5, 6), x.narrow(0, 5, 6), scratch);
        var start = before.view(m, c, m, c).select(1, 1).select(2, 2);
        var expected = x.t().matmul(x * w.unsqueeze(1)) + start;
        var bounds = WeightedGram.Bounds(m);
        for (int u = 0; u + 1 < bounds.Length; u++)             // the upper group-blocks carry the sums
        {
            int g = bounds[u], size = bounds[u + 1] - g;
            Assertions.CloseRelativeToMax(expected.narrow(0, g, size).narrow(1, g, m - g), slot.narrow(0, g, size).narrow(1, g, m - g), 1e-13, $"group {u}");
        }
        var others = big.clone();
        others.view(m, c, m, c).select(1, 1).select(2, 2).copy_(start);
        Assertions.AllClose(before, others, rtol: 0, atol: 0, what: "the other slots");
    }

    [Fact]
    public void A_product_into_a_target_blas_can_write_skips_the_scratch()
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(5);
        var a = randn(new long[] { 4, 6 }, ScalarType.Float64, generator: gen);
        var b = randn(new long[] { 6, 5 }, ScalarType.Float64, generator: gen);
        var target = randn(new long[] { 8, 5 }, ScalarType.Float64, generator: gen).narrow(0, 2, 4);   // rows strided, columns contiguous
        var expected = target + a.matmul(b);
        Assert.False(StridedProducts.NeedsScratch(target));
        StridedProducts.AddProduct(target, a, b, empty(new long[] { 0 }, ScalarType.Float64));   // an empty scratch would fail if used
        Assertions.CloseRelativeToMax(expected, target, 1e-15, "product");
    }
}
