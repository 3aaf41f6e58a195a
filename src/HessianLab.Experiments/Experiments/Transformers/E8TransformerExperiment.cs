using System.Diagnostics;
using HessianLab.IO;
using HessianLab.Models.Gpt;
using HessianLab.Text;
using HessianLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Transformers;

/// <summary>E8 — Transformer sub-blocks (talk: "Hessian of Transformers?", GPT2-125M, Maes et al. 2024).</summary>
/// <remarks>A small GPT is trained briefly on the corpus (<see cref="Corpus"/>) with a byte vocabulary (C = 256)
/// and with GPT-2 BPE (C = 50257); then the exact Hessian sub-matrix over sampled neurons (rows) of the Q, K, V,
/// attention-output and MLP-in matrices is computed by autograd (float64) and its diagonal-block energy is
/// compared with the off-diagonal blocks within a matrix and across matrices.</remarks>
public sealed partial class E8TransformerExperiment : IExperiment
{
    public string Id => "E8";
    public string Title => "Transformer sub-blocks: diagonal vs off-diagonal neuron blocks, byte vs GPT-2 vocabulary";
    public string Claim => "GPT-2 Hessian sub-blocks: diagonal blocks ≫ off-diagonal ones (>10^4, Maes et al. 2024), more so with a large vocabulary C";

    private sealed record Size(int Dim, int Heads, int Layers, int Context, int TrainSteps, int TrainBatch,
        int HessianBatch, int HessianLength, int PerMatrix, int[] Blocks);

    private static Size SizeFor(bool quick) => quick
        ? new Size(8, 2, 1, 16, 10, 4, 1, 8, 2, new[] { 0 })
        : new Size(64, 4, 2, 64, 300, 8, 4, 32, 4, new[] { 0 });

    public ExperimentResult Run(ExperimentContext ctx)
    {
        if (ctx.Checkpoint is { } checkpoint) return RunCheckpoint(ctx, checkpoint);
        var sw = Stopwatch.StartNew();
        var size = SizeFor(ctx.Quick);
        var (text, source) = Corpus.Load(ctx.Corpus);
        var files = new List<string>();
        var results = new List<SubBlockMeasurement>();
        foreach (var kind in new[] { TokenizerKind.Bytes, TokenizerKind.Gpt2 })
        {
            using var scope = torch.NewDisposeScope();
            var (train, validation) = TokenStream.FromText(text, kind).Split(0.1);
            string tag = kind.ToString().ToLowerInvariant();
            ctx.Report($"{tag}: {train.Ids.Length} training tokens, C = {train.Vocab}; training {size.TrainSteps} steps");
            var model = new Gpt(new GptConfig(train.Vocab, size.Context, size.Layers, size.Heads, size.Dim), ctx.Seed, ScalarType.Float32);
            using (var opt = torch.optim.AdamW(model.parameters(), lr: 3e-3, weight_decay: 0.0))
            {
                var losses = LanguageModelTrainer.Train(model, train, size.TrainSteps, size.TrainBatch, size.Context, opt, ctx.Seed,
                    t => 0.5 * (1 + Math.Cos(Math.PI * t / Math.Max(1, size.TrainSteps))));
                files.Add(ctx.WriteCsv($"{tag}_train_loss.csv", new[] { "step", "loss" }, losses.Select((l, i) => (IReadOnlyList<object>)new object[] { i, l })));
            }
            model.to(ScalarType.Float64);
            double valLoss = LanguageModelTrainer.Evaluate(model, validation, 4, size.TrainBatch, size.Context);
            using var gen = new Generator((ulong)ctx.Seed + 7);
            var batch = validation.Sample(size.HessianBatch, size.HessianLength, gen);
            var selection = TransformerSubBlocks.Select(model, size.Blocks, size.PerMatrix);
            ctx.Report($"{tag}: Hessian rows for {selection.Sum(s => s.Rows.Count)} neurons × {selection[0].Cols} entries by double backward");
            var (sub, energy, m) = TransformerSubBlocks.Measure(model, batch, selection, tag, valLoss);
            results.Add(m);
            string npy = ctx.PathOf($"{tag}_submatrix.npy");
            Npy.Save(npy, sub);
            files.Add(npy);
            files.AddRange(DrawPictures(ctx, tag, sub, energy, selection, m));
        }

        files.Add(ctx.WriteJson("config.json", new { size, corpus = source, optimizer = "torch.optim.AdamW lr 3e-3 wd 0, cosine", hessianDtype = "float64", seed = ctx.Seed }));
        files.Add(ctx.WriteJson("results.json", results.Select(r => new { r.Tokenizer, r.Classes, r.Neurons, r.DiagonalEnergy, r.OffSameMatrix, r.OffCrossMatrix, r.RhoSame, r.RhoCross, r.SecondsPerRow, r.SecondsPerGradient, r.RowOverGradient, r.ValidationLoss })));
        var header = new[] { "tokenizer", "C", "neurons", "val loss", "ρ same matrix", "ρ across matrices", "diag/off (same)", "row / gradient time" };
        var rows = results.Select(r => (IReadOnlyList<string>)new[]
        {
            r.Tokenizer, r.Classes.ToString(), r.Neurons.ToString(), r.ValidationLoss.ToString("F3"), r.RhoSame.ToString("E2"), r.RhoCross.ToString("E2"),
            (1 / r.RhoSame).ToString("E2"), r.RowOverGradient.ToString("F1") + "×",
        }).ToList();
        files.Add(ctx.WriteCsv("summary.csv", header, rows.Select(r => (IReadOnlyList<object>)r.Cast<object>().ToList())));
        var b = results[0]; var g = results[1];
        string headline = $"diagonal/off-diagonal neuron-block energy: {1 / b.RhoSame:G3} (bytes, C = 256) vs {1 / g.RhoSame:G3} (GPT-2, C = 50257) within a matrix; " +
                          $"{1 / b.RhoCross:G3} vs {1 / g.RhoCross:G3} across matrices";
        return new ExperimentResult(headline, new[] { (IReadOnlyList<string>)header }.Concat(rows).ToList(), files, sw.Elapsed.TotalSeconds);
    }
}
