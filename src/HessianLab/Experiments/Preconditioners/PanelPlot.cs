using HessianLab.IO;
using ScottPlot;

namespace HessianLab.Experiments.Preconditioners;

/// <summary>Side-by-side heatmaps of |matrix| on a log colour scale (E10's pictures), drawn with ScottPlot.</summary>
/// <remarks>Each panel shows log₁₀(|A|/max|A|) clipped at −<see cref="Decades"/> (its own scale: the matrices differ
/// by orders of magnitude). Matrices larger than <see cref="MaxCells"/> a side are pooled by max |A| over each pixel's
/// block. Row 0 is drawn at the top, like a matrix (looked at: diagonals run top-left to bottom-right).</remarks>
public static class PanelPlot
{
    /// <summary>Decades of dynamic range shown.</summary>
    public const double Decades = 4;

    /// <summary>Largest side drawn cell by cell.</summary>
    public const int MaxCells = 400;

    /// <summary>Saves the panels in one PNG (atomically).</summary>
    /// <param name="path">PNG path.</param>
    /// <param name="title">Figure title.</param>
    /// <param name="panels">Per panel: title, |matrix| already pooled (see <see cref="Pool"/>), and the pooling factor.</param>
    /// <param name="panelPixels">Pixels per panel side.</param>
    public static void Save(string path, string title, IReadOnlyList<(string Title, double[,] Data, int Pool)> panels, int panelPixels = 360)
    {
        var plot = new Plot();
        double gap = 0.12;
        for (int k = 0; k < panels.Count; k++)
        {
            var (t, data, pooled) = panels[k];
            var img = LogAbs(data);
            var hm = plot.Add.Heatmap(img);
            hm.Colormap = new ScottPlot.Colormaps.Viridis();
            double left = k * (1 + gap);
            hm.Extent = new CoordinateRect(left, left + 1, 0, 1);
            var label = plot.Add.Text(t + (pooled > 1 ? $" (max-pooled {pooled}x{pooled})" : ""), left + 0.5, 1.02);
            label.LabelAlignment = Alignment.LowerCenter;
            label.LabelFontSize = 13;
        }
        var cb = plot.Add.ColorBar(plot.GetPlottables().OfType<ScottPlot.Plottables.Heatmap>().First());
        cb.Label = "log10(|x| / max|x|)";
        // Frameless() removes the title panel too, so the title is a text plottable above the panels.
        var head = plot.Add.Text(title + $" | colour: log10(|entry|/max|entry|) per panel, clipped at -{Decades}",
            (panels.Count * (1 + gap) - gap) / 2, 1.12);
        head.LabelAlignment = Alignment.LowerCenter;
        head.LabelFontSize = 15;
        head.LabelBold = true;
        plot.HideGrid();
        plot.Axes.Frameless();
        plot.Axes.SetLimits(-0.05, panels.Count * (1 + gap) - gap + 0.05, -0.05, 1.22);
        AtomicFile.WriteVia(path, tmp => plot.SavePng(tmp, panelPixels * panels.Count + 160, panelPixels + 150));
    }

    /// <summary>max |A| over blocks of pool × pool entries so that the result has at most <see cref="MaxCells"/> a side.</summary>
    public static (double[,] Data, int Pool) Pool(TorchSharp.torch.Tensor a)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        long r = a.shape[0], c = a.shape[1];
        int pool = Math.Max(1, (int)Math.Ceiling(Math.Max(r, c) / (double)MaxCells));
        var abs = a.abs().to(TorchSharp.torch.ScalarType.Float64);
        var pooled = pool == 1 ? abs : TorchSharp.torch.nn.functional.max_pool2d(abs.unsqueeze(0).unsqueeze(0), pool, pool, ceil_mode: true).squeeze(0).squeeze(0);
        int pr = (int)pooled.shape[0], pc = (int)pooled.shape[1];
        var flat = pooled.contiguous().data<double>().ToArray();
        var result = new double[pr, pc];
        for (int i = 0; i < pr; i++)
            for (int j = 0; j < pc; j++) result[i, j] = flat[i * pc + j];
        return (result, pool);
    }

    /// <summary>log₁₀(|A|/max|A|) clipped at −<see cref="Decades"/>, row 0 drawn on top.</summary>
    public static double[,] LogAbs(double[,] a)
    {
        int r = a.GetLength(0), c = a.GetLength(1);
        double max = 0;
        foreach (var x in a) max = Math.Max(max, Math.Abs(x));
        var img = new double[r, c];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++)
            {
                double v = max > 0 ? Math.Abs(a[i, j]) / max : 0;
                img[i, j] = v > 0 ? Math.Max(Math.Log10(v), -Decades) : -Decades;   // ScottPlot 5.1.59 heatmaps draw row 0 on top (checked on the PNGs)
            }
        return img;
    }
}
