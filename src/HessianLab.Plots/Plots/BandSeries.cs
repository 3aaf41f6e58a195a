namespace HessianLab.Plots;

/// <summary>One curve of an <see cref="IntervalBandPlot"/>: the mean over seeds and its 95 % interval at each x.</summary>
/// <param name="Label">Legend text.</param>
/// <param name="X">x values.</param>
/// <param name="Mean">Means (same length).</param>
/// <param name="Low">Lower ends of the intervals (same length; NaN: no band at that x).</param>
/// <param name="High">Upper ends of the intervals (same length).</param>
public sealed record BandSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Mean, IReadOnlyList<double> Low, IReadOnlyList<double> High);
