using System.Diagnostics;
using HessianLab.Curvature;
using HessianLab.Models.Gpt;
using HessianLab.Plots;
using HessianLab.Spectra;
using HessianLab.Text;
using HessianLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Transformers;

/// <summary>E9 — heterogeneity (talk, Part III "LLM neurons are heterogeneous").</summary>
/// <remarks>Finding 1 (Zhang et al. 2024, "Why Transformers Need Adam"): the Hessian spectra of different weight
/// matrices differ — blockwise spectral densities by stochastic Lanczos quadrature on each diagonal block H_WW
/// (Hessian-vector products by double backward w.r.t. W alone), plus Lanczos extreme eigenvalues.
/// Finding 2 (Aurora): gradient norms of different rows of one matrix differ — per-row gradient norms.
/// A small GPT with the byte vocabulary is trained briefly on the corpus first.</remarks>
public sealed class E9HeterogeneityExperiment : IExperiment
{
    public string Id => "E9";
    public string Title => "Heterogeneity: blockwise Hessian spectra per matrix, per-row gradient norms (small GPT)";
    public string Claim => "Hessian spectra differ across weight matrices; gradient norms differ across rows of one matrix";

    private sealed record Size(int Dim, int Heads, int Layers, int Context, int TrainSteps, int Batch, int HessianBatch, int Probes, int LanczosSteps);

    private static Size SizeFor(bool quick) => quick
        ? new Size(8, 2, 1, 16, 20, 4, 2, 2, 8)
        : new Size(64, 4, 2, 64, 300, 8, 4, 4, 30);

    public ExperimentResult Run(ExperimentContext ctx)
    {
        var sw = Stopwatch.StartNew();
        var size = SizeFor(ctx.Quick);
        var (text, source) = Corpus.Load(ctx.Corpus);
        var (train, validation) = TokenStream.FromText(text, TokenizerKind.Bytes).Split(0.1);
        using var scope = torch.NewDisposeScope();
        var model = new Gpt(new GptConfig(train.Vocab, size.Context, size.Layers, size.Heads, size.Dim), ctx.Seed, ScalarType.Float32);
        ctx.Report($"training a {size.Layers}-layer GPT (d = {size.Dim}, C = 256) for {size.TrainSteps} steps");
        using (var opt = torch.optim.AdamW(model.parameters(), lr: 3e-3, weight_decay: 0.0))
            LanguageModelTrainer.Train(model, train, size.TrainSteps, size.Batch, size.Context, opt, ctx.Seed);
        model.to(ScalarType.Float64);
        using var gen = new Generator((ulong)ctx.Seed + 11);
        var batch = validation.Sample(size.HessianBatch, size.Context, gen);

        // Finding 2: per-row gradient norms on the batch.
        model.zero_grad();
        model.Loss(batch).backward();
        var rowNorms = model.Matrices().ToDictionary(m => m.Name, m => m.Weight.grad!.norm(1).data<double>().ToArray());

        var results = new List<MatrixHeterogeneity>();
        var densities = new List<(string Name, double[] Nodes, double[] Weights)>();
        foreach (var (name, role, weight) in model.Matrices())
        {
            ctx.Report($"{name}: SLQ ({size.Probes} probes × {size.LanczosSteps} steps) and Lanczos on H_WW ({weight.numel()}²)");
            using var s = torch.NewDisposeScope();
            using var hess = new AutogradHessian(new Tensor[] { weight }, () => model.Loss(batch), g => g[0].reshape(-1));
            var (nodes, weights) = StochasticLanczosQuadrature.Quadrature(hess, size.LanczosSteps, size.Probes, ctx.Seed);
            var lanczos = Lanczos.Run(hess, size.LanczosSteps, keepBasis: false, seed: ctx.Seed);
            var ritz = torch.linalg.eigvalsh(lanczos.Tridiagonal()).data<double>().ToArray();
            double mean = nodes.Zip(weights, (x, w) => x * w).Sum() / size.Probes;
            // Rows with zero gradient (embedding/head rows of tokens absent from the batch) carry no information: skip them.
            var r = rowNorms[name].Where(x => x > 0).DefaultIfEmpty(0).ToArray();
            var sorted = r.OrderBy(x => x).ToArray();
            double avg = r.Average(), sd = Math.Sqrt(r.Sum(x => (x - avg) * (x - avg)) / Math.Max(1, r.Length - 1));
            results.Add(new MatrixHeterogeneity(name, weight.numel(), ritz.Max(), ritz.Min(), mean,
                sorted[0], sorted[sorted.Length / 2], sorted[^1], sd / avg));
            densities.Add((name, nodes, weights));
        }

        var files = new List<string>();
        files.AddRange(Pictures(ctx, results, densities, rowNorms, size.Probes));
        files.Add(ctx.WriteJson("config.json", new { size, corpus = source, tokenizer = "bytes", optimizer = "torch.optim.AdamW lr 3e-3 wd 0", seed = ctx.Seed }));
        files.Add(ctx.WriteJson("results.json", results));
        var header = new[] { "matrix", "entries", "λ_max", "λ_min", "mean λ", "row ‖g‖ max/min (non-zero rows)", "row ‖g‖ CV" };
        var rows = results.Select(m => (IReadOnlyList<string>)new[]
        {
            m.Matrix, m.Size.ToString(), m.TopEigenvalue.ToString("G3"), m.BottomEigenvalue.ToString("G3"), m.MeanEigenvalue.ToString("G3"),
            (m.RowNormMax / m.RowNormMin).ToString("G3"), m.RowNormCv.ToString("F2"),
        }).ToList();
        files.Add(ctx.WriteCsv("summary.csv", header, rows.Select(r => (IReadOnlyList<object>)r.Cast<object>().ToList())));
        var tops = results.Select(m => m.TopEigenvalue).Where(v => v > 0).ToArray();
        string headline = $"λ_max of H_WW spans {tops.Max() / tops.Min():G3}× across {results.Count} matrices; " +
                          $"per-row gradient norms span up to {results.Max(m => m.RowNormMax / m.RowNormMin):G3}× within one matrix";
        return new ExperimentResult(headline, new[] { (IReadOnlyList<string>)header }.Concat(rows).ToList(), files, sw.Elapsed.TotalSeconds);
    }

    private static IEnumerable<string> Pictures(ExperimentContext ctx, IReadOnlyList<MatrixHeterogeneity> results,
        IReadOnlyList<(string Name, double[] Nodes, double[] Weights)> densities, IReadOnlyDictionary<string, double[]> rowNorms, int probes)
    {
        // Densities on each matrix's own scale: x = λ / max|λ| of that matrix, so shapes are comparable; the scales are in λ_max.png.
        var series = new List<LineSeries>();
        foreach (var (name, nodes, weights) in densities)
        {
            double scale = nodes.Max(Math.Abs);
            var grid = Enumerable.Range(0, 401).Select(i => -1.05 + 2.1 * i / 400).ToArray();
            var dens = StochasticLanczosQuadrature.Density(nodes.Select(x => x / scale).ToArray(), weights, probes, grid, 0.02);
            series.Add(new LineSeries(name, grid, dens.Select(d => Math.Max(d, 1e-6)).ToArray()));
        }
        string density = ctx.PathOf("blockwise_spectral_density.png");
        LinePlot.Save(density, series, new LinePlotOptions
        {
            Title = "SLQ spectral density of each diagonal block H_WW (x scaled by the block's max |λ|)",
            XLabel = "λ / max|λ| of the block", YLabel = "density", LogY = true, Markers = false,
        });
        yield return density;
        string tops = ctx.PathOf("lambda_max.png");
        // One single-point series per matrix, so the legend names them.
        LinePlot.Save(tops, results.Select((m, i) => new LineSeries(m.Matrix.Replace(".weight", ""),
            new[] { (double)i }, new[] { Math.Max(m.TopEigenvalue, 1e-12) })).ToList(), new LinePlotOptions
        {
            Title = "Largest eigenvalue of each diagonal Hessian block H_WW (Lanczos)",
            XLabel = "weight matrix (in model order)", YLabel = "λ_max", LogY = true, Markers = true,
        });
        yield return tops;
        string norms = ctx.PathOf("row_gradient_norms.png");
        LinePlot.Save(norms, rowNorms.Select(kv =>
        {
            var sorted = kv.Value.Where(x => x > 0).OrderByDescending(x => x).ToArray();
            return new LineSeries(kv.Key, sorted.Select((_, i) => (double)i / Math.Max(1, sorted.Length - 1)).ToArray(), sorted.Select(x => Math.Max(x, 1e-12)).ToArray());
        }).ToList(), new LinePlotOptions
        {
            Title = "Per-row gradient norms of each matrix, sorted (rank / rows)", XLabel = "row rank (fraction)", YLabel = "‖dL/dW[i,:]‖", LogY = true, Markers = false,
        });
        yield return norms;
    }
}
