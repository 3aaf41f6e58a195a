using HessianLab.Core;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.Core;

[Collection(TorchCollection.Name)]
public sealed class NonFiniteTests
{
    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float32)]
    public void Finite_tensors_pass_and_each_kind_of_non_finite_entry_is_caught_and_counted(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var t = randn(new long[] { 50, 40 }, dtype);
        NonFinite.ThrowIfAny(t, "H");
        NonFinite.ThrowIfAny(full_like(t, dtype == ScalarType.Float32 ? float.MaxValue : double.MaxValue) * t.sign(), "H");   // ± the largest finite
        foreach (var (value, nan, inf) in new[] { (double.NaN, 1, 0), (double.PositiveInfinity, 0, 1), (double.NegativeInfinity, 0, 1) })
        {
            var bad = t.clone();
            bad[7, 3] = tensor(value, dtype);
            var e = Assert.Throws<ArithmeticException>(() => NonFinite.ThrowIfAny(bad, "H"));
            Assert.Contains($"H has {nan} NaN and {inf} infinite entries of 2,000", e.Message);
        }
        var both = t.clone();
        both[0, 0] = tensor(double.NaN, dtype);
        both[49, 39] = tensor(double.NegativeInfinity, dtype);
        both[20, 20] = tensor(double.PositiveInfinity, dtype);
        Assert.Contains("1 NaN and 2 infinite", Assert.Throws<ArithmeticException>(() => NonFinite.ThrowIfAny(both, "H")).Message);
    }

    [Fact]
    public void Integer_and_empty_tensors_are_finite()
    {
        using var scope = NewDisposeScope();
        NonFinite.ThrowIfAny(arange(10), "labels");
        NonFinite.ThrowIfAny(empty(new long[] { 0, 3 }, ScalarType.Float64), "nothing");
    }
}
