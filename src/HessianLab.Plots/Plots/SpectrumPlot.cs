using HessianLab.IO;
using HessianLab.Theory;
using ScottPlot;

namespace HessianLab.Plots;

/// <summary>Eigenvalue histograms against limiting spectral densities (with the point mass at 0), and the
/// moment-gap picture of E7.</summary>
public static class SpectrumPlot
{
    /// <summary>Saves a histogram of <paramref name="eigenvalues"/> against the density of <paramref name="law"/>.</summary>
    /// <remarks>Values with |λ| ≤ <paramref name="zeroTolerance"/> count as the atom at 0 and are not binned; the
    /// bars are normalized by the total count, so their area is the sample's continuous mass, comparable with the
    /// curve (area 1 − atom). The atom is drawn as a stem at 0 labelled with its theoretical and sample weights.</remarks>
    /// <param name="path">PNG file (written atomically).</param>
    /// <param name="eigenvalues">Pooled eigenvalues of all draws.</param>
    /// <param name="law">The limiting law (curve and atom).</param>
    /// <param name="title">Plot title.</param>
    /// <param name="curveLabel">Legend text of the curve.</param>
    /// <param name="zeroTolerance">Absolute tolerance under which an eigenvalue is an exact zero.</param>
    /// <param name="bins">Number of histogram bins over the non-zero range.</param>
    /// <param name="extraLaw">Optional second curve (e.g. the Marchenko–Pastur law for comparison).</param>
    /// <param name="extraLabel">Legend text of the second curve.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    public static void SaveHistogram(string path, IReadOnlyList<double> eigenvalues, SpectralDensity law, string title,
        string curveLabel, double zeroTolerance, int bins = 80, SpectralDensity? extraLaw = null, string? extraLabel = null,
        int width = 1100, int height = 700)
    {
        if (eigenvalues.Count == 0) throw new ArgumentException("no eigenvalues to plot", nameof(eigenvalues));
        var nonzero = eigenvalues.Where(v => Math.Abs(v) > zeroTolerance).ToArray();
        double zeroFraction = 1 - nonzero.Length / (double)eigenvalues.Count;
        // Range: the sample and where the curve exceeds 1e-3 of its peak (far tails of tiny bumps are not drawn).
        double peak = law.Values.Max();
        var visible = Enumerable.Range(0, law.Grid.Count).Where(i => law.Values[i] > 1e-3 * peak).Select(i => law.Grid[i]).DefaultIfEmpty(0).ToArray();
        double lo = Math.Min(nonzero.Length > 0 ? nonzero.Min() : 0, visible.Min());
        double hi = Math.Max(nonzero.Length > 0 ? nonzero.Max() : 1, visible.Max());
        double binWidth = (hi - lo) / bins;
        var counts = new double[bins];
        foreach (double v in nonzero) counts[Math.Clamp((int)((v - lo) / binWidth), 0, bins - 1)]++;
        var centres = Enumerable.Range(0, bins).Select(i => lo + (i + 0.5) * binWidth).ToArray();
        var heights = counts.Select(c => c / (eigenvalues.Count * binWidth)).ToArray();

        var plot = new Plot();
        var bars = plot.Add.Bars(centres, heights);
        foreach (var bar in bars.Bars)
        {
            bar.Size = binWidth;
            bar.FillColor = Colors.SteelBlue.WithAlpha(0.55);
            bar.LineWidth = 0;
        }
        bars.LegendText = $"eigenvalues ({eigenvalues.Count:N0}, {bins} bins)";
        var curve = plot.Add.ScatterLine(law.Grid.ToArray(), law.Values.ToArray(), Colors.Crimson);
        curve.LineWidth = 2.5f;
        curve.LegendText = curveLabel;
        if (extraLaw is not null)
        {
            var second = plot.Add.ScatterLine(extraLaw.Grid.ToArray(), extraLaw.Values.ToArray(), Colors.DarkGreen);
            second.LineWidth = 2f;
            second.LinePattern = LinePattern.Dashed;
            second.LegendText = extraLabel ?? "second law";
        }

        double top = Math.Max(heights.DefaultIfEmpty(0).Max(), law.Values.Max()) * 1.15;
        if (law.AtomAtZero > 0 || zeroFraction > 0)
        {
            // The atom cannot be drawn to scale as a density: a stem to the top with its weight written next to it.
            var stem = plot.Add.Line(0, 0, 0, top * 0.92);
            stem.LineWidth = 4;
            stem.LineColor = Colors.DarkOrange;
            stem.MarkerShape = MarkerShape.None;
            plot.Add.Marker(0, top * 0.92, MarkerShape.FilledTriangleUp, 14, Colors.DarkOrange);
            var label = plot.Add.Text($"point mass at 0: weight {law.AtomAtZero:F4} (theory), {zeroFraction:F4} (sample)", 0, top * 0.97);
            label.LabelFontSize = 15;
            label.LabelFontColor = Colors.DarkOrange;
            label.LabelAlignment = Alignment.UpperLeft;
            label.OffsetX = 8;
            lo = Math.Min(lo, 0);
        }
        double pad = 0.03 * (hi - lo);
        plot.Axes.SetLimits(lo - pad, hi + pad, 0, top);
        plot.Title(title);
        plot.XLabel("eigenvalue λ of A = (1/n) X Λ X^T");
        plot.YLabel("density (bars: count / (total · bin width))");
        plot.ShowLegend(Alignment.UpperRight);
        AtomicFile.WriteVia(path, tmp => plot.SavePng(tmp, width, height));
    }

    /// <summary>Saves the relative gap (empirical − independent theory)/theory of the second moment m2 = E tr(A²)/d against the size,
    /// one series per case, with ±2 standard-error bars and a zero line.</summary>
    /// <param name="path">PNG file (written atomically).</param>
    /// <param name="series">Per case: legend label, sizes (x), relative gaps (y), their standard errors.</param>
    /// <param name="title">Plot title.</param>
    /// <param name="xLabel">Label of the size axis.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    public static void SaveMomentGap(string path, IReadOnlyList<(string Label, double[] Size, double[] RelativeGap, double[] StdErr)> series,
        string title, string xLabel, int width = 1100, int height = 650)
    {
        var plot = new Plot();
        var palette = new[] { Colors.Crimson, Colors.SteelBlue, Colors.DarkGreen, Colors.DarkOrange, Colors.Purple };
        for (int s = 0; s < series.Count; s++)
        {
            var (label, size, gap, err) = series[s];
            var color = palette[s % palette.Length];
            var xs = size.Select(Math.Log2).ToArray();
            var sc = plot.Add.Scatter(xs, gap.Select(g => 100 * g).ToArray(), color);
            sc.LineWidth = 2;
            sc.MarkerSize = 9;
            sc.LegendText = label;
            var eb = plot.Add.ErrorBar(xs, gap.Select(g => 100 * g).ToArray(), err.Select(e => 200 * e).ToArray());
            eb.LineColor = color;
        }
        var zero = plot.Add.HorizontalLine(0, 1.5f, Colors.Gray, LinePattern.Dashed);
        zero.LegendText = "no gap";
        var allSizes = series.SelectMany(s => s.Size).Distinct().OrderBy(v => v).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            allSizes.Select(Math.Log2).ToArray(), allSizes.Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Title(title);
        plot.XLabel(xLabel + " (log scale)");
        plot.YLabel("(m2 empirical − m2 if independent) / m2 (%), ± 2 SE");
        plot.ShowLegend(Alignment.UpperRight);
        AtomicFile.WriteVia(path, tmp => plot.SavePng(tmp, width, height));
    }
}
