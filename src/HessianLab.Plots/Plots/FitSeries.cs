using HessianLab.Structure;

namespace HessianLab.Plots;

/// <summary>One data set of a <see cref="LogLogFitPlot"/>: points with optional error bars and a fitted power law.</summary>
/// <param name="Label">Legend text of the points.</param>
/// <param name="X">x values (&gt; 0).</param>
/// <param name="Y">y values (&gt; 0), e.g. the mean ρ over seeds.</param>
/// <param name="YError">Symmetric error of each y (e.g. the standard error over seeds), or null.</param>
/// <param name="Fit">The fitted line drawn over the x range, its slope ± standard error in the legend; or null.</param>
public sealed record FitSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y,
    IReadOnlyList<double>? YError = null, PowerLawFit? Fit = null);
