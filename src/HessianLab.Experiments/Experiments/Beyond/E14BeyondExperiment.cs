using System.Diagnostics;
using HessianLab.Curvature;
using HessianLab.Experiments.Hessians;
using HessianLab.Models;
using HessianLab.Plots;
using HessianLab.Statistics;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Beyond;

/// <summary>E14, beyond neural nets: the talk's summary says the structure comes from products of large, well-shaped
/// matrices, so deep-linear matrix factorization and completion (y = W₃W₂W₁x) should show it, while classical nonlinear
/// test problems (extended Rosenbrock, Broyden tridiagonal) lack it. Every objective's θ is cut into the same row blocks
/// (one block per row of W₁, W₂, W₃); Hessians by autograd (double backward) in float64; ≥ 3 seeds, mean ± 95 %.</summary>
public sealed class E14BeyondExperiment : IExperiment
{
    /// <summary>Full size: widths 12, 4, 4, 12 (P = 112), N = 100, rank 2, 30 % observed, 300 Adam steps
    /// (autograd rows: P backward passes per Hessian, so P stays small).</summary>
    public static IReadOnlyList<int> FullWidths { get; } = new[] { 12, 4, 4, 12 };

    /// <summary>Quick size: widths 6, 4, 4, 6 (P = 64), N = 40, rank 2, 30 Adam steps.</summary>
    public static IReadOnlyList<int> QuickWidths { get; } = new[] { 6, 4, 4, 6 };

    /// <inheritdoc />
    public string Id => "E14";

    /// <inheritdoc />
    public string Title => "Beyond neural nets: deep-linear factorization and completion vs classical test problems vs an MLP after one step";

    /// <inheritdoc />
    public string Claim => "Products of large matrices (deep-linear factorization/completion, MLPs) give near-block-diagonal Hessians over rows; classical nonlinear programs lack this structure.";

    /// <summary>The objectives of one seed.</summary>
    public static List<Objective> Objectives(IReadOnlyList<int> widths, bool quick, long seed)
    {
        int n = quick ? 40 : 100, rank = 2, steps = quick ? 30 : 300;
        return new List<Objective>
        {
            TestProblems.Network(widths, Activation.Relu, n, seed, 0, 0.1),
            TestProblems.Network(widths, Activation.Tanh, n, seed, 1, 0.1),
            TestProblems.Factorization(widths, n, rank, seed, 0),
            TestProblems.Factorization(widths, n, rank, seed, steps),
            TestProblems.Completion(widths, 0.3, rank, seed, 0),
            TestProblems.Completion(widths, 0.3, rank, seed, steps),
            TestProblems.Rosenbrock(widths, seed),
            TestProblems.Broyden(widths, seed),
        };
    }

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var sw = Stopwatch.StartNew();
        int seeds = Math.Max(3, context.Quick ? 3 : Math.Min(context.Seeds, 5));
        var widths = context.Quick ? QuickWidths : FullWidths;
        var files = new List<string> { context.WriteJson("config.json", new { experiment = Id, quick = context.Quick, widths, seeds, hessian = "autograd (double backward), float64",
            partition = "one block per row of W1, W2, W3 (MLP layout of the widths)", points = "MLP: init / after 1 SGD step (lr 0.1); deep linear: LeCun init / after Adam lr 1e-2; classical: standard start + 0.1·N(0,1)" }) };
        var rows = new List<StructureRow>();
        for (int s = 0; s < seeds; s++)
        {
            long seed = context.Seed + s;
            using var scope = NewDisposeScope();
            foreach (var o in Objectives(widths, context.Quick, seed))
            {
                using var inner = NewDisposeScope();
                var h = Hessian(o);
                rows.Add(StructureRow.Of(o, seed, h));
                context.Report($"E14 {o.Name} seed {seed}: ρ per layer {string.Join(", ", rows[^1].Rho.Select(r => r.ToString("G3")))}, row-block share {rows[^1].BlockShare:G3}, fill {rows[^1].Fill:G3}");
                if (s == 0) files.Add(Picture(context, o, h));
            }
        }
        var names = rows.Select(r => r.Name).Distinct().ToList();
        var summary = names.Select(name =>
        {
            var rs = rows.Where(r => r.Name == name).ToList();
            return new
            {
                name, family = rs[0].Family,
                rho = Enumerable.Range(0, rs[0].Rho.Count).Select(l => Interval.Of(rs.Select(r => r.Rho[l]))).ToList(),
                blockShare = Interval.Of(rs.Select(r => r.BlockShare)), layerShare = Interval.Of(rs.Select(r => r.LayerShare)), fill = Interval.Of(rs.Select(r => r.Fill)),
            };
        }).ToList();
        files.Add(context.WriteJson("results.json", new { widths, seeds, summary, rows }));
        var table = new List<IReadOnlyList<string>> { ResultTables.Row("objective", "family", "ρ W1 rows", "ρ W2 rows", "ρ W3 rows", "row-block share of ‖H‖²", "layer-block share", "fill of row blocks") };
        table.AddRange(summary.Select(x => (IReadOnlyList<string>)new[] { x.name, x.family }.Concat(x.rho.Select(i => i.Format(ResultTables.G)))
            .Concat(new[] { x.blockShare.Format(ResultTables.G), x.layerShare.Format(ResultTables.G), x.fill.Format(ResultTables.G) }).ToList()));
        string headline = string.Join("; ", summary.Select(x => $"{x.name}: row-block share {x.blockShare.Format(ResultTables.G)}, fill {x.fill.Format(ResultTables.G)}")) + $" ({seeds} seeds, P = {Count(widths)}).";
        return new ExperimentResult(headline, table, files, sw.Elapsed.TotalSeconds);
    }

    /// <summary>The P × P Hessian of an objective at its point, by autograd rows.</summary>
    public static Tensor Hessian(Objective o)
    {
        var theta = o.Point.detach().clone().requires_grad_(true);
        using var hess = new AutogradHessian(new[] { theta }, () => o.Value(theta), g => g[0]);
        return hess.Full();
    }

    private static long Count(IReadOnlyList<int> w) => Enumerable.Range(1, w.Count - 1).Sum(l => (long)w[l] * w[l - 1]);

    private static string Picture(ExperimentContext context, Objective o, Tensor h)
    {
        string file = "H_" + new string(o.Name.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_').ToArray()).Trim('_') + ".png";
        string path = context.PathOf(file);
        MatrixHeatmap.Save(path, h, new HeatmapOptions { Title = $"E14: {o.Name} ({o.Family}), seed {context.Seed}", VmaxDivisor = 10, Width = 800, Height = 720 }.WithLayoutGrid(o.Layout));
        return path;
    }
}
