namespace HessianLab.Statistics;

/// <summary>A mean with a two-sided 95 % Student-t confidence interval: mean ± t_{0.975, n−1} · sd / √n.</summary>
/// <param name="Mean">Sample mean of the finite values.</param>
/// <param name="HalfWidth">t_{0.975, n−1} · sd / √n (NaN for n &lt; 2).</param>
/// <param name="Count">n, the number of finite values.</param>
public sealed record Interval(double Mean, double HalfWidth, int Count)
{
    /// <summary>Lower end.</summary>
    public double Low => Mean - HalfWidth;

    /// <summary>Upper end.</summary>
    public double High => Mean + HalfWidth;

    /// <summary>Whether <paramref name="value"/> lies inside [Low, High] (false when the half-width is NaN).</summary>
    public bool Contains(double value) => value >= Low && value <= High;

    /// <summary>The 95 % interval of the mean of <paramref name="values"/> (non-finite values are dropped).</summary>
    public static Interval Of(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToList();
        if (v.Count == 0) return new Interval(double.NaN, double.NaN, 0);
        double m = v.Average();
        if (v.Count < 2) return new Interval(m, double.NaN, 1);
        double sd = Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Count - 1));
        return new Interval(m, StudentT.Quantile975(v.Count - 1) * sd / Math.Sqrt(v.Count), v.Count);
    }

    /// <summary>"1.23e-3 ± 4.5e-5" with <paramref name="format"/> applied to both numbers (± omitted for n = 1).</summary>
    public string Format(Func<double, string> format) =>
        double.IsNaN(HalfWidth) ? format(Mean) : $"{format(Mean)} ± {format(HalfWidth)}";
}
