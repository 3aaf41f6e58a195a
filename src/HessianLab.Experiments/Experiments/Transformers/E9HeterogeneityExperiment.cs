using System.Diagnostics;
using HessianLab.Models.Gpt;
using HessianLab.Models.Gpt2;
using HessianLab.Statistics;
using HessianLab.Text;
using HessianLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Transformers;

/// <summary>E9 — heterogeneity (talk, Part III "LLM neurons are heterogeneous").</summary>
/// <remarks>Finding 1 (Zhang et al. 2024, "Why Transformers Need Adam"): the Hessian spectra of different weight
/// matrices differ — blockwise spectral densities by stochastic Lanczos quadrature on each diagonal block H_WW
/// (Hessian-vector products by double backward w.r.t. W alone), with the extreme eigenvalues from its Ritz values.
/// Finding 2 (Aurora): gradient norms of different rows (neurons) of one matrix differ — per-row gradient norms.
/// A GPT with the byte vocabulary is trained on the corpus first (one model per seed, means with 95 % t-intervals),
/// or a GPT-2-layout checkpoint (<see cref="ExperimentContext.Checkpoint"/>) is analysed as it is.</remarks>
public sealed partial class E9HeterogeneityExperiment : IExperiment
{
    public string Id => "E9";
    public string Title => "Heterogeneity: blockwise Hessian spectra per matrix, per-row gradient norms (GPT)";
    public string Claim => "Hessian spectra differ across weight matrices; gradient norms differ across rows of one matrix";

    private sealed record Size(int Dim, int Heads, int Layers, int Context, int TrainSteps, int WarmupSteps, int Batch, int HessianBatch,
        int Probes, int LanczosSteps, int MaxSeeds);

    private static Size SizeFor(bool quick) => quick
        ? new Size(8, 2, 1, 16, 20, 2, 4, 2, 2, 8, 2)
        : new Size(128, 4, 4, 128, 400, 30, 4, 2, 2, 16, 3);

    public ExperimentResult Run(ExperimentContext ctx)
    {
        var sw = Stopwatch.StartNew();
        var size = SizeFor(ctx.Quick);
        var (text, source) = Corpus.Load(ctx.Corpus);
        if (ctx.Checkpoint is { } checkpoint) return RunCheckpoint(ctx, checkpoint.Folder, checkpoint.Tokens, size, text, source, sw);
        var (train, validation) = TokenStream.FromText(text, TokenizerKind.Bytes).Split(0.1);
        int seeds = Math.Min(ctx.Seeds, size.MaxSeeds);
        var perSeed = new List<IReadOnlyList<HeterogeneityAnalysis.Outcome>>();
        var validationLoss = new List<double>();
        for (int s = 0; s < seeds; s++)
        {
            long seed = ctx.Seed + s;
            using var scope = torch.NewDisposeScope();
            var config = new GptConfig(train.Vocab, size.Context, size.Layers, size.Heads, size.Dim);
            var model = new Gpt(config, seed, ScalarType.Float32);
            ctx.Report($"seed {seed}: training a {size.Layers}-block GPT (d = {size.Dim}, context {size.Context}, C = 256) for {size.TrainSteps} steps");
            using (var opt = torch.optim.AdamW(model.parameters(), lr: 3e-3, weight_decay: 0.0))
                LanguageModelTrainer.Train(model, train, size.TrainSteps, size.Batch, size.Context, opt, seed,
                    t => Math.Min(1.0, (t + 1.0) / size.WarmupSteps) * 0.5 * (1 + Math.Cos(Math.PI * t / size.TrainSteps)));
            model.to(ScalarType.Float64);
            validationLoss.Add(LanguageModelTrainer.Evaluate(model, validation, 4, size.Batch, size.Context));
            using var gen = new Generator((ulong)seed + 11);
            var batch = validation.Sample(size.HessianBatch, size.Context, gen);
            var matrices = model.Matrices().Select(m => new HeterogeneityAnalysis.Matrix(m.Name, m.Weight, 0)).ToList();
            perSeed.Add(HeterogeneityAnalysis.Run(() => model.Loss(batch), matrices, size.Probes, size.LanczosSteps, seed, ctx.Report));
        }
        var config0 = new
        {
            size, corpus = source, tokenizer = "bytes", heldOut = "last 10 % of the byte stream", trainTokens = train.Ids.Length,
            tokensSeen = (long)size.TrainSteps * size.Batch * size.Context, hessianTokens = size.HessianBatch * size.Context,
            optimizer = $"torch.optim.AdamW lr 3e-3 wd 0, {size.WarmupSteps}-step warm-up then cosine to 0", seeds, baseSeed = ctx.Seed,
            validationLoss = Interval.Of(validationLoss),
        };
        return Report(ctx, perSeed, config0, sw);
    }

    private static ExperimentResult RunCheckpoint(ExperimentContext ctx, string folder, int tokens, Size size, string text, string source, Stopwatch sw)
    {
        using var scope = torch.NewDisposeScope();
        using var model = Gpt2Checkpoint.Load(folder);
        model.to(ScalarType.Float64);
        var c = model.Config;
        if (tokens > c.Positions) throw new ArgumentException($"tokens {tokens} exceed the checkpoint's n_positions {c.Positions}", nameof(tokens));
        var kind = c.VocabSize == 50257 ? TokenizerKind.Gpt2 : c.VocabSize >= 256 ? TokenizerKind.Bytes
            : throw new ArgumentException($"checkpoint vocab_size {c.VocabSize} fits neither GPT-2 BPE (50257) nor bytes (≥ 256)", nameof(folder));
        var (_, validation) = TokenStream.FromText(text, kind).Split(0.1);
        using var gen = new Generator((ulong)ctx.Seed + 11);
        var batch = validation.Sample(1, tokens, gen);
        // Conv1D weights are stored [in, out]: their neurons run along dimension 1; wte/wpe rows are tokens/positions.
        var matrices = model.named_parameters().Where(np => np.parameter.dim() == 2)
            .Select(np => new HeterogeneityAnalysis.Matrix(np.name, np.parameter, np.name.Contains("wte") || np.name.Contains("wpe") ? 0 : 1)).ToList();
        ctx.Report($"GPT-2 checkpoint {c.Layers} blocks, width {c.Embedding}, vocab {c.VocabSize}: {matrices.Count} matrices, one held-out window of {tokens} tokens");
        var outcomes = HeterogeneityAnalysis.Run(() => model.Loss(batch), matrices, size.Probes, size.LanczosSteps, ctx.Seed, ctx.Report);
        return Report(ctx, new[] { outcomes }, new { checkpoint = Path.GetFullPath(folder), config = c, corpus = source, tokenizer = kind.ToString(),
            heldOut = "last 10 %", windowTokens = tokens, size.Probes, size.LanczosSteps, seed = ctx.Seed }, sw);
    }
}
