namespace HessianLab.Plots;

/// <summary>One curve of a <see cref="LinePlot"/>.</summary>
/// <param name="Label">Legend text.</param>
/// <param name="X">x values.</param>
/// <param name="Y">y values (same length).</param>
public sealed record LineSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y);
