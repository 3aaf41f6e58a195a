using System.Diagnostics;
using HessianLab.IO;
using HessianLab.Models.Gpt;
using HessianLab.Text;
using HessianLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Transformers;

/// <summary>E8 — Transformer sub-blocks (talk: "Hessian of Transformers?", GPT2-125M, Maes et al. 2024).</summary>
/// <remarks>Small GPTs are trained on the corpus (<see cref="Corpus"/>) with a byte vocabulary (C = 256) and with GPT-2
/// BPE (C = 50257), every setting seeing the same number of tokens (steps · batch · context) under the same AdamW
/// schedule; at initialization, part-way and at the end, the exact Hessian sub-matrix over sampled neurons (rows) of
/// the Q, K, V, attention-output and MLP-in matrices of every block is computed by autograd (float64) on a fixed
/// held-out batch, and each neuron's diagonal-block energy is compared with the off-diagonal blocks within its matrix
/// (per matrix role) and across matrices. Repeated over seeds; means with 95 % t-intervals.</remarks>
public sealed partial class E8TransformerExperiment : IExperiment
{
    public string Id => "E8";
    public string Title => "Transformer sub-blocks: diagonal vs off-diagonal neuron blocks, byte vs GPT-2 vocabulary";
    public string Claim => "GPT-2 Hessian sub-blocks: diagonal blocks ≫ off-diagonal ones (>10^4, Maes et al. 2024), more so with a large vocabulary C";

    private sealed record Size(E8Setting[] Settings, int Heads, int TrainSteps, int WarmupSteps, double LearningRate, int[] MeasureAt,
        int HessianBatch, int HessianLength, int PerMatrix, int Entries, int MaxSeeds);

    private static Size SizeFor(bool quick) => quick
        ? new Size(new[] { new E8Setting(TokenizerKind.Bytes, 8, 1, 16, 4), new E8Setting(TokenizerKind.Gpt2, 8, 1, 16, 4) },
            2, 30, 3, 3e-3, new[] { 0, 30 }, 1, 16, 2, 4, 3)
        : new Size(new[]
            {
                new E8Setting(TokenizerKind.Bytes, 64, 2, 64, 8), new E8Setting(TokenizerKind.Gpt2, 64, 2, 64, 8),
                new E8Setting(TokenizerKind.Bytes, 128, 2, 64, 8),
            }, 4, 400, 30, 3e-3, new[] { 0, 400 }, 2, 32, 4, 4, 3);

    /// <summary>Linear warm-up, then cosine to 0.</summary>
    private static double Rate(int step, Size size) =>
        Math.Min(1.0, (step + 1.0) / size.WarmupSteps) * 0.5 * (1 + Math.Cos(Math.PI * step / Math.Max(1, size.TrainSteps)));

    public ExperimentResult Run(ExperimentContext ctx)
    {
        if (ctx.Checkpoint is { } checkpoint) return RunCheckpoint(ctx, checkpoint);
        var sw = Stopwatch.StartNew();
        var size = SizeFor(ctx.Quick);
        int seeds = Math.Min(ctx.Seeds, size.MaxSeeds);
        var (text, source) = Corpus.Load(ctx.Corpus);
        long textBytes = System.Text.Encoding.UTF8.GetByteCount(text);
        var streams = size.Settings.Select(s => s.Kind).Distinct().ToDictionary(k => k, k => TokenStream.FromText(text, k).Split(0.1));
        var files = new List<string>();
        var points = new List<E8Point>();
        for (int seed = 0; seed < seeds; seed++)
            foreach (var setting in size.Settings)
            {
                var (train, validation) = streams[setting.Kind];
                double bytesPerToken = (double)textBytes / (train.Ids.Length + validation.Ids.Length);
                points.AddRange(RunSetting(ctx, size, setting, ctx.Seed + seed, train, validation, bytesPerToken, seed == 0 ? files : null));
            }
        var summary = E8Summary.Of(points);
        files.Add(ctx.WriteJson("config.json", new
        {
            size, corpus = source, corpusBytes = textBytes, heldOut = "last 10 % of each token stream",
            tokens = streams.ToDictionary(kv => kv.Key.ToString(), kv => new { train = kv.Value.Train.Ids.Length, heldOut = kv.Value.Validation.Ids.Length }),
            optimizer = $"torch.optim.AdamW lr {size.LearningRate} wd 0, {size.WarmupSteps}-step warm-up then cosine to 0", hessianDtype = "float64",
            seeds, baseSeed = ctx.Seed,
        }));
        files.Add(ctx.WriteJson("results.json", new { summary, points }));
        files.Add(ctx.WriteCsv("summary.csv", E8Summary.Header, E8Summary.Rows(summary).Select(r => (IReadOnlyList<object>)r.Cast<object>().ToList())));
        files.Add(TrendPicture(ctx, summary));
        var trained = summary.Where(r => r.Step == size.TrainSteps).ToList();
        string headline = "diagonal/off-diagonal neuron-block energy within a matrix, trained: " +
            string.Join("; ", trained.Select(r => $"{r.Setting} (C = {r.Classes}) {r.DiagOverOffSame.Format(v => v.ToString("G3"))}")) + $" ({seeds} seeds)";
        return new ExperimentResult(headline, new[] { (IReadOnlyList<string>)E8Summary.Header }.Concat(E8Summary.Rows(summary)).ToList(), files, sw.Elapsed.TotalSeconds);
    }

    private static IEnumerable<E8Point> RunSetting(ExperimentContext ctx, Size size, E8Setting setting, long seed, TokenStream train,
        TokenStream validation, double bytesPerToken, List<string>? files)
    {
        using var scope = torch.NewDisposeScope();
        var config = new GptConfig(train.Vocab, setting.Context, setting.Layers, size.Heads, setting.Dim);
        var model = new Gpt(config, seed, ScalarType.Float32);
        using var gen = new Generator((ulong)seed + 7);
        var batch = validation.Sample(size.HessianBatch, size.HessianLength, gen);
        var results = new List<E8Point>();
        var trainLoss = new List<double>();
        using var opt = torch.optim.AdamW(model.parameters(), lr: size.LearningRate, weight_decay: 0.0);
        int done = 0;
        foreach (int at in size.MeasureAt)
        {
            int offset = done;
            trainLoss.AddRange(LanguageModelTrainer.Train(model, train, at - done, setting.Batch, setting.Context, opt, seed * 1_000_003 + done,
                t => Rate(offset + t, size)));
            done = at;
            using var inner = torch.NewDisposeScope();
            var exact = Float64Copy(model);
            double valLoss = LanguageModelTrainer.Evaluate(exact, validation, 4, setting.Batch, setting.Context);
            var selection = TransformerSubBlocks.Select(exact, Enumerable.Range(0, setting.Layers).ToArray(), size.PerMatrix, size.Entries);
            int rows = selection.Sum(s => s.Rows.Count * s.Width);
            var (sub, energy, m) = TransformerSubBlocks.Measure(exact, batch, selection, setting.Tag, valLoss);
            var roles = RoleEnergy.Ratios(energy.data<double>().ToArray(), selection);
            ctx.Report($"seed {seed} {setting.Tag} step {at}: val. loss {valLoss:F3}, diag/off {1 / m.RhoSame:G3} within, {1 / m.RhoCross:G3} across " +
                       $"({rows} rows, {m.RowOverGradient:F1} gradients/row)");
            results.Add(new E8Point(setting.Tag, train.Vocab, setting.Dim, setting.Layers, seed, at, (long)at * setting.TokensPerStep, valLoss,
                valLoss / bytesPerToken, 1 / m.RhoSame, 1 / m.RhoCross, roles, m.Neurons, rows, m.SecondsPerRow, m.RowOverGradient));
            if (files is not null && at == size.TrainSteps)
            {
                string npy = ctx.PathOf($"{setting.Tag}_submatrix.npy");
                Npy.Save(npy, sub);
                files.Add(npy);
                files.AddRange(DrawPictures(ctx, setting.Tag, sub, energy, selection, m));
            }
            exact.Dispose();
        }
        if (files is not null)
            files.Add(ctx.WriteCsv($"{setting.Tag}_train_loss.csv", new[] { "step", "loss" }, trainLoss.Select((l, i) => (IReadOnlyList<object>)new object[] { i, l })));
        return results;
    }

    /// <summary>A float64 copy of <paramref name="model"/> (the Hessian is taken in float64; training continues in float32).</summary>
    private static Gpt Float64Copy(Gpt model)
    {
        var copy = new Gpt(model.Config, 0, ScalarType.Float64);
        var source = model.named_parameters().ToDictionary(np => np.name, np => (Tensor)np.parameter);
        using (torch.no_grad())
            foreach (var (name, p) in copy.named_parameters()) p.copy_(source[name]);
        return copy;
    }
}
