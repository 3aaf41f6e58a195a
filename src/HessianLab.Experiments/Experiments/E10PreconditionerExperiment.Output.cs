using System.Globalization;
using HessianLab.Experiments.Preconditioners;
using HessianLab.IO;
using HessianLab.Plots;
using ScottPlot;
using static TorchSharp.torch;

namespace HessianLab.Experiments;

public sealed partial class E10PreconditionerExperiment
{
    private static string F(double x) => x.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>Two-sided 95 % Student-t quantile for k − 1 degrees of freedom (k seeds).</summary>
    public static double TQuantile95(int seeds) => seeds switch
    {
        <= 1 => double.NaN, 2 => 12.706, 3 => 4.303, 4 => 3.182, 5 => 2.776, 6 => 2.571, 7 => 2.447, 8 => 2.365, 9 => 2.306, 10 => 2.262, _ => 1.96,
    };

    /// <summary>Mean and 95 % half-width (t interval) of each step's loss over the tuned rate's seeds.</summary>
    public static (double[] Mean, double[] Half, int Seeds) Band(IReadOnlyList<E10Run> runs, string name, E10Run tuned)
    {
        var set = runs.Where(r => r.Optimizer == name && r.LearningRate == tuned.LearningRate && r.Role != "analysis" && !r.Diverged).ToList();
        int steps = set.Min(r => r.Losses.Length);
        var mean = new double[steps];
        var half = new double[steps];
        for (int t = 0; t < steps; t++)
        {
            var xs = set.Select(r => r.Losses[t]).ToArray();
            mean[t] = xs.Average();
            double sd = xs.Length > 1 ? Math.Sqrt(xs.Sum(x => (x - mean[t]) * (x - mean[t])) / (xs.Length - 1)) : double.NaN;
            half[t] = TQuantile95(xs.Length) * sd / Math.Sqrt(xs.Length);
        }
        return (mean, half, set.Count);
    }

    private static IEnumerable<string> WriteOutputs(ExperimentContext context, E10Config cfg, IReadOnlyList<E10Run> runs,
        IReadOnlyDictionary<string, E10Run> tuned, double target, IReadOnlyList<E10Measurement> ms, IReadOnlyList<KroneckerOrderCheck> kron)
    {
        yield return context.WriteCsv("e10_table.csv",
            new[] { "optimizer", "point", "step", "loss", "layer", "rows", "cols", "rank_P", "cutoff", "rank", "kappa_range", "kappa_whole",
                "neuron_share_P", "neuron_share_H", "block_residual_mean", "block_residual_max", "scale", "formula" },
            ms.SelectMany(m => m.Conditioning.Select(c => (IReadOnlyList<object>)new object[]
            {
                m.Optimizer, m.Point, m.Step, m.Loss, m.Layer, m.Rows, m.Cols, m.RankP, c.Cutoff, c.Rank, c.KappaRange, c.KappaWhole,
                m.NeuronShareP, m.NeuronShareH, m.BlockResidualMean, m.BlockResidualMax, m.Scale, $"\"{m.Formula}\"",
            })));
        yield return context.WriteCsv("e10_runs.csv", new[] { "optimizer", "lr", "seed", "role", "final_loss", "diverged", "seconds_per_step" },
            runs.Select(r => (IReadOnlyList<object>)new object[] { r.Optimizer, r.LearningRate, r.Seed, r.Role, r.Losses[^1], r.Diverged, r.SecondsPerStep }));
        var bands = tuned.ToDictionary(kv => kv.Key, kv => Band(runs, kv.Key, kv.Value));
        yield return context.WriteCsv("e10_losses.csv",
            new[] { "step" }.Concat(tuned.Keys.SelectMany(n => new[] { $"{n} mean", $"{n} ci95" })).ToArray(),
            Enumerable.Range(0, cfg.Steps + 1).Select(t => (IReadOnlyList<object>)new object[] { t }
                .Concat(tuned.Keys.SelectMany(n => new object[] { bands[n].Mean[t], bands[n].Half[t] })).ToArray()));
        yield return context.WriteCsv("e10_kronecker_check.csv",
            new[] { "layer", "rows", "cols", "rel_err_I_kron_(MtM)^-1/2", "rel_err_(MMt)^-1/2_kron_I", "rel_err_swapped_(MtM)^-1/2_kron_I_m", "ns5_vs_polar", "ns12_vs_polar" },
            kron.Select(k => (IReadOnlyList<object>)new object[] { k.Layer, k.Rows, k.Cols, k.RowMajorTalkForm, k.RowMajorLeftForm, k.SwappedOrder, k.QuinticVsPolar, k.Polar12VsPolar }));
        yield return context.WriteJson("e10_results.json", ms);
        yield return context.WriteJson("e10_config.json", new
        {
            cfg.Widths, cfg.Samples, Data = cfg.Data.ToString(), Loss = cfg.Loss.ToString(), cfg.Steps, cfg.Seeds, cfg.Seed,
            Schedule = "cosine to 0 over Steps, full batch", cfg.LearningRates, Cutoffs = E10Config.Cutoffs, cfg.KfacDamping, cfg.NewtonDamping,
            cfg.CurvatureInterval, cfg.ShampooInterval,
            TunedLearningRates = tuned.ToDictionary(kv => kv.Key, kv => kv.Value.LearningRate),
            TargetLoss = target, TargetRule = "largest final loss (first seed) among the tuned optimizers",
            Points = "matched loss: first step k >= 1 with loss <= target on the optimizer's own first-seed run; matched step: the last step",
            HessianBlock = HessianBlockSource.Method,
            Conditioning = "eigenvalues of P^1/2 H+ P^1/2 (H+ positive part); range: above cutoff * largest; whole: largest / max(smallest, cutoff * largest)",
            Alignment = "share of ||P||^2 in neuron diagonal blocks; ||s (P H)_ii - I||_F / sqrt(n) per neuron with one least-squares s per layer",
            Panels = "matched-loss point; each matrix divided by its largest |entry|, shared log colour scale 1e-4 .. 1",
        });
    }

    private static IReadOnlyList<IReadOnlyList<string>> SummaryTable(IReadOnlyList<E10Measurement> ms)
    {
        var rows = new List<IReadOnlyList<string>> { new[] { "optimizer", "point (step, loss)", "layer", "rank P", "kappa range c=1e-8/1e-6/1e-4 (rank)",
            "kappa whole 1e-6", "||P||^2 in neuron blocks", "||sPH-I|| blocks mean/max" } };
        foreach (var m in ms)
            rows.Add(new[] { m.Optimizer, $"{m.Point} ({m.Step}, {m.Loss:F3})", $"{m.Layer} ({m.Rows}x{m.Cols})", $"{m.RankP} of {m.Rows * m.Cols}",
                string.Join(" / ", m.Conditioning.Select(c => $"{F(c.KappaRange)} ({c.Rank})")), F(m.Conditioning[1].KappaWhole),
                $"{m.NeuronShareP:P1} (H {m.NeuronShareH:P1})", $"{F(m.BlockResidualMean)} / {F(m.BlockResidualMax)}" });
        return rows;
    }

    private static string Headline(IReadOnlyList<E10Measurement> ms, IReadOnlyDictionary<string, E10Run> tuned, double target) =>
        $"target loss {target:F3}; at matched loss, kappa (cutoff 1e-6, range) and ||sPH-I|| per neuron block: " +
        string.Join("; ", ms.Where(m => m.Point.StartsWith("matched loss", StringComparison.Ordinal)).GroupBy(m => m.Layer).Select(g =>
            $"{g.Key}: " + string.Join(", ", g.Select(m => $"{m.Optimizer} {F(m.Conditioning[1].KappaRange)}/{F(m.BlockResidualMean)}"))));

    private static string PlotLossCurves(ExperimentContext context, E10Config cfg, IReadOnlyList<E10Run> runs, IReadOnlyDictionary<string, E10Run> tuned)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int c = 0;
        foreach (var (name, run) in tuned)
        {
            var (mean, half, seeds) = Band(runs, name, run);
            var xs = Enumerable.Range(0, mean.Length).Select(i => (double)i).ToArray();
            var color = palette.GetColor(c++);
            if (seeds > 1)
            {
                var fill = plot.Add.FillY(xs, mean.Select((m, i) => m - half[i]).ToArray(), mean.Select((m, i) => m + half[i]).ToArray());
                fill.FillColor = color.WithAlpha(0.25);
                fill.LineWidth = 0;
            }
            var line = plot.Add.ScatterLine(xs, mean);
            line.Color = color;
            line.LineWidth = 2;
            line.LegendText = $"{name} (lr {run.LearningRate:G3}, {seeds} seeds)";
        }
        plot.Title($"E10: full-batch loss on {string.Join("-", cfg.Widths)}, N = {cfg.Samples} (mean and 95% t-interval over seeds)");
        plot.XLabel("step");
        plot.YLabel("loss");
        plot.ShowLegend(Alignment.UpperRight);
        string path = context.PathOf("e10_loss_curves.png");
        AtomicFile.WriteVia(path, tmp => plot.SavePng(tmp, 1100, 700));
        return path;
    }

    private static string PlotPanels(ExperimentContext context, string layer, long m, long n, IReadOnlyList<(string Name, Tensor H, Tensor P)> list)
    {
        long size = m * n;
        var grid = Enumerable.Range(1, (int)m - 1).Select(i => i * n).ToList();     // neuron-block boundaries
        var panels = new List<HeatmapPanel>();
        foreach (var (name, h, p) in list)
        {
            HeatmapOptions Panel(string title, string quantity) => new()
                { Title = title, Quantity = quantity, Scale = HeatmapScale.Log, LogDecades = PanelDecades, MinorLines = grid };
            panels.Add(new HeatmapPanel(h / h.abs().max(), Panel($"{name}: |H| at its matched-loss point", "|H|/max")));
            panels.Add(new HeatmapPanel(p / p.abs().max(), Panel($"{name}: |P|", "|P|/max")));
        }
        string png = context.PathOf($"e10_{layer}_panels.png");
        MatrixHeatmap.SavePanels(png, panels, columns: 4, panelWidth: 520, panelHeight: 470,
            title: $"E10 {layer} ({m}x{n}: {size}x{size}, theta row-major, grid = {m} neurons): each optimizer's Hessian block and preconditioner on its own trajectory; each divided by its max, log scale ({PanelDecades} decades)");
        return png;
    }
}
