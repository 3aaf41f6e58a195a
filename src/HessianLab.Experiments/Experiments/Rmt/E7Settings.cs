using HessianLab.Spectra;

namespace HessianLab.Experiments.Rmt;

/// <summary>Sizes and choices of E7 (docs/experiments.md). Talk: (a) n = 50, d = 300, 1000 draws. Choose: (b) Λ i.i.d.
/// two-point {1, 4} with weights ½, ½ at the talk's γ = 6; (c) Λ from the softmax of the same X at LeCun init,
/// C = 10 classes, m = 8 hidden units, index 0, γ = d/N = ¼ (away from the rank-critical ½ of the hidden block,
/// whose Λ vanishes for half the samples), N doubling.</summary>
/// <param name="Dim">d of (a) and (b).</param>
/// <param name="Samples">n of (a) and (b).</param>
/// <param name="Draws">Draws of (a) and (b).</param>
/// <param name="TwoPointAtoms">Atoms of Λ in (b).</param>
/// <param name="TwoPointWeights">Their weights.</param>
/// <param name="DependentRatio">γ = d/N of (c).</param>
/// <param name="DependentSamples">The growing N of (c).</param>
/// <param name="DependentDraws">Draws at each N (same length).</param>
/// <param name="Models">Which softmax models produce Λ in (c).</param>
/// <param name="Classes">C of the softmax models.</param>
/// <param name="Hidden">m of the 1-hidden-layer models.</param>
/// <param name="Bins">Histogram bins.</param>
public sealed record E7Settings(int Dim, int Samples, int Draws, double[] TwoPointAtoms, double[] TwoPointWeights,
    double DependentRatio, int[] DependentSamples, int[] DependentDraws, SoftmaxModelKind[] Models, int Classes, int Hidden, int Bins)
{
    /// <summary>The talk's sizes; (c) up to N = 3200, d = 800.</summary>
    public static E7Settings Full { get; } = new(300, 50, 1000, new[] { 1.0, 4.0 }, new[] { 0.5, 0.5 },
        0.25, new[] { 100, 200, 400, 800, 1600, 3200 }, new[] { 400, 200, 100, 60, 40, 24 },
        new[] { SoftmaxModelKind.Linear, SoftmaxModelKind.OneHidden, SoftmaxModelKind.OneHiddenHiddenBlock }, 10, 8, 90);

    /// <summary>Seconds-sized version for tests and CI.</summary>
    public static E7Settings Quick { get; } = new(120, 20, 40, new[] { 1.0, 4.0 }, new[] { 0.5, 0.5 },
        0.25, new[] { 40, 80, 160 }, new[] { 60, 30, 15 },
        new[] { SoftmaxModelKind.Linear, SoftmaxModelKind.OneHiddenHiddenBlock }, 10, 8, 50);
}
