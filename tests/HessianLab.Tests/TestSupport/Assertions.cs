using static TorchSharp.torch;

namespace HessianLab.Tests.TestSupport;

/// <summary>Closeness checks that report the worst index, both values and the tolerance.</summary>
public static class Assertions
{
    /// <summary>Asserts |actual - expected| ≤ atol + rtol·|expected| everywhere.</summary>
    public static void AllClose(Tensor expected, Tensor actual, double rtol = 1e-10, double atol = 0, string what = "tensor")
    {
        Assert.Equal(expected.shape, actual.shape);
        using var e = expected.detach().cpu().to_type(ScalarType.Float64).reshape(-1);
        using var a = actual.detach().cpu().to_type(ScalarType.Float64).reshape(-1);
        using var excess = (a - e).abs() - (atol + rtol * e.abs());
        long worst = excess.argmax().item<long>();
        double ex = excess[worst].item<double>();
        if (ex > 0)
            Assert.Fail($"{what}: worst at flat index {worst} (shape [{string.Join(",", expected.shape)}]): " +
                        $"expected {e[worst].item<double>():R}, got {a[worst].item<double>():R}, " +
                        $"|diff| = {Math.Abs(e[worst].item<double>() - a[worst].item<double>()):E3} > atol {atol:E1} + rtol {rtol:E1}·|expected|");
    }

    /// <summary>Asserts max|a - b| ≤ tol · max|expected| (the engine-vs-autograd criterion).</summary>
    public static void CloseRelativeToMax(Tensor expected, Tensor actual, double tol, string what = "tensor")
    {
        double scale = expected.abs().max().to_type(ScalarType.Float64).item<double>();
        AllClose(expected, actual, rtol: 0, atol: tol * Math.Max(scale, double.Epsilon), what: what);
    }
}
