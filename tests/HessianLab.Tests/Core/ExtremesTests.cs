using HessianLab.Core;
using HessianLab.Statistics;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.Core;

[Collection(TorchCollection.Name)]
public sealed class ExtremesTests
{
    [Fact]
    public void Max_abs_equals_the_max_of_abs_and_a_nan_or_inf_makes_the_tensor_not_finite()
    {
        using var scope = NewDisposeScope();
        var t = randn(new long[] { 30, 20 }, ScalarType.Float64) * 3 - 1;
        var e = Extremes.Of(t);
        Assert.Equal(t.abs().max().item<double>(), e.MaxAbs);
        Assert.Equal((t.min().item<double>(), t.max().item<double>()), (e.Min, e.Max));
        Assert.True(e.AllFinite);
        t[4, 4] = tensor(double.NaN);
        Assert.False(Extremes.Of(t).AllFinite);
        Assert.Equal(7.0, Extremes.Of(tensor(new long[] { 3, -7, 5 })).MaxAbs);   // integers too
        Assert.Throws<ArgumentException>(() => Extremes.Of(empty(0)));
        Assert.Throws<ArgumentException>(() => Extremes.Of(ones(3, ScalarType.ComplexFloat64)));
    }

    [Fact]
    public void Median_is_the_middle_value_or_the_mean_of_the_two_middle_values()
    {
        Assert.Equal(3.0, Median.Of(new[] { 5.0, 1, 3 }));
        Assert.Equal(2.5, Median.Of(new[] { 4.0, 1, 3, 2 }));
        Assert.True(double.IsNaN(Median.Of(Array.Empty<double>())));
    }
}
