namespace HessianLab.Statistics;

/// <summary>The median: the middle value, or the mean of the two middle values for an even count.</summary>
public static class Median
{
    /// <summary>The median of <paramref name="values"/>, NaN when there are none.</summary>
    public static double Of(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        int n = v.Length;
        return n == 0 ? double.NaN : n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }
}
