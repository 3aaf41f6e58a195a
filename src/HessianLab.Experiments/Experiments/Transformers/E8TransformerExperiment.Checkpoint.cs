using System.Diagnostics;
using HessianLab.Core;
using HessianLab.IO;
using HessianLab.Models.Gpt2;
using HessianLab.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Transformers;

public sealed partial class E8TransformerExperiment
{
    /// <summary>E8 on a GPT-2 checkpoint (the model Maes et al. measured): sampled neuron sub-blocks of H in float64 on one
    /// held-out window of the corpus (GPT-2 BPE when vocab_size = 50257, else bytes), nothing trained.</summary>
    private static ExperimentResult RunCheckpoint(ExperimentContext ctx, CheckpointSubBlockOptions o)
    {
        var sw = Stopwatch.StartNew();
        o = o.Validated();
        using var scope = torch.NewDisposeScope();
        using var model = Gpt2Checkpoint.Load(o.Folder);
        var stored = model.DType;
        model.to(ScalarType.Float64);
        var c = model.Config;
        if (o.Tokens > c.Positions) throw new ArgumentException($"tokens {o.Tokens} exceed the checkpoint's n_positions {c.Positions}");
        var blocks = o.Blocks ?? new[] { 0, c.Layers - 1 }.Distinct().ToArray();
        var kind = c.VocabSize == 50257 ? TokenizerKind.Gpt2
            : c.VocabSize >= 256 ? TokenizerKind.Bytes
            : throw new ArgumentException($"checkpoint vocab_size {c.VocabSize} fits neither GPT-2 BPE (50257) nor bytes (≥ 256)");
        var (text, source) = Corpus.Load(ctx.Corpus);
        var stream = TokenStream.FromText(text, kind);
        var (_, validation) = stream.Split(0.1);
        using var gen = new Generator((ulong)ctx.Seed + 7);
        var batch = validation.Sample(1, o.Tokens, gen);
        double windowLoss;
        using (torch.no_grad()) windowLoss = model.Loss(batch).item<double>();
        var selection = Gpt2SubBlocks.Select(model, blocks, o.NeuronsPerMatrix, o.EntriesPerNeuron);
        int rows = selection.Sum(s => s.Rows.Count * s.Width);
        string tag = kind.ToString().ToLowerInvariant();
        ctx.Report($"GPT-2 {c.Layers} layers, width {c.Embedding}, vocab {c.VocabSize} ({stored} checkpoint, Hessian in float64); corpus {source}: " +
                   $"{stream.Ids.Length} {tag} tokens, window of {o.Tokens} from the held-out last 10 %, loss {windowLoss:F4}");
        ctx.Report($"{rows} Hessian rows: blocks [{string.Join(",", blocks)}] × {Gpt2SubBlocks.Roles.Length} roles × {o.NeuronsPerMatrix} neurons × {selection[0].Width} entries");
        var rowClock = Stopwatch.StartNew();
        int every = Math.Max(1, rows / 20);
        void Progress(int done, int total)
        {
            if (done % every != 0 && done != total) return;
            double perRow = rowClock.Elapsed.TotalSeconds / done;
            ctx.Report($"row {done}/{total}: {perRow:F2} s/row, ~{perRow * (total - done) / 60:F1} min left");
        }
        var (sub, energy, m) = TransformerSubBlocks.Measure(model, () => model.Loss(batch), c.VocabSize, selection, $"{tag} (checkpoint)", windowLoss, Progress,
            (() => model.FeaturesAndTargets(batch), model.TokenEmbedding));
        long? peak = ProcessMemory.PeakResidentBytes();

        var files = new List<string>();
        string npy = ctx.PathOf("checkpoint_submatrix.npy");
        Npy.Save(npy, sub);
        files.Add(npy);
        files.AddRange(DrawPictures(ctx, "checkpoint", sub, energy, selection, m));
        files.Add(ctx.WriteJson("config.json", new
        {
            checkpoint = Path.GetFullPath(o.Folder), config = c, storedDtype = stored.ToString(), hessianDtype = "float64", corpus = source,
            tokenizer = tag, corpusTokens = stream.Ids.Length, heldOutTokens = validation.Ids.Length, heldOutSplit = "last 10 %",
            windowTokens = o.Tokens, blocks, o.NeuronsPerMatrix, entriesPerNeuron = selection[0].Width, rows, seed = ctx.Seed,
        }));
        files.Add(ctx.WriteJson("results.json", new[] { new { m.Tokenizer, m.Classes, m.Neurons, m.DiagonalEnergy, m.OffSameMatrix, m.OffCrossMatrix,
            m.RhoSame, m.RhoCross, m.SecondsPerRow, m.SecondsPerGradient, m.RowOverGradient, windowLoss, peakResidentBytes = peak } }));
        var header = new[] { "model", "C", "neurons", "rows", "window loss", "ρ same matrix", "ρ across matrices", "diag/off (same)", "s / row", "row / gradient", "peak memory" };
        var row = new[]
        {
            $"GPT-2 {c.Layers}×{c.Embedding}", c.VocabSize.ToString(), m.Neurons.ToString(), rows.ToString(), windowLoss.ToString("F3"),
            m.RhoSame.ToString("E2"), m.RhoCross.ToString("E2"), (1 / m.RhoSame).ToString("E2"), m.SecondsPerRow.ToString("F2"),
            m.RowOverGradient.ToString("F1") + "×", peak is { } p ? MemoryGuard.Format(p) : "—",
        };
        files.Add(ctx.WriteCsv("summary.csv", header, new[] { (IReadOnlyList<object>)row.Cast<object>().ToList() }));
        string headline = $"GPT-2 checkpoint: diagonal/off-diagonal neuron-block energy {1 / m.RhoSame:G3} within a matrix, {1 / m.RhoCross:G3} across matrices " +
                          $"({m.Neurons} neurons, {rows} rows at {m.SecondsPerRow:F2} s/row)";
        return new ExperimentResult(headline, new List<IReadOnlyList<string>> { header, row }, files, sw.Elapsed.TotalSeconds);
    }
}
