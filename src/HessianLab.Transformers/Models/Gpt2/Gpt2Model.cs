using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Models.Gpt2;

/// <summary>GPT-2 (Radford et al. 2019, "Language Models are Unsupervised Multitask Learners") as in the original
/// checkpoints: logits (B, T, V) for token ids (B, T).</summary>
/// <remarks>x₀ = wte[ids] + wpe[0..T); each block is pre-LayerNorm (<see cref="Gpt2Block"/>); logits = ln_f(x_L) wteᵀ
/// (the head is tied to the token embedding). Parameter names are the unprefixed ones of the original "gpt2" files
/// (wte.weight, wpe.weight, h.N.ln_1.weight, h.N.attn.c_attn.weight, …, ln_f.bias), so a checkpoint maps
/// onto <c>named_parameters()</c> one to one (<see cref="Gpt2Checkpoint"/>). Random initialization as GPT-2:
/// N(0, 0.02²) for embeddings and weights, N(0, (0.02/√(2L))²) for the residual projections (attn.c_proj, mlp.c_proj),
/// biases 0, LayerNorm gains 1.</remarks>
public sealed class Gpt2Model : nn.Module<Tensor, Tensor>
{
    private readonly Embedding _wte, _wpe;
    private readonly ModuleList<Gpt2Block> _h;
    private readonly LayerNorm _lnF;

    /// <summary>The configuration.</summary>
    public Gpt2Config Config { get; }

    /// <summary>Builds the model in <paramref name="dtype"/> on <paramref name="device"/>.</summary>
    /// <param name="config">Sizes.</param>
    /// <param name="seed">Seed of GPT-2's random initialization; null leaves the weights at zero (to be loaded).</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <param name="device">Default CPU.</param>
    public Gpt2Model(Gpt2Config config, long? seed = 0, ScalarType dtype = ScalarType.Float32, Device? device = null) : base("Gpt2")
    {
        Config = config.Validated();
        if (dtype is not (ScalarType.Float32 or ScalarType.Float64)) throw new ArgumentException($"GPT-2 dtype must be float32 or float64, got {dtype}", nameof(dtype));
        var dev = device ?? CPU;
        _wte = nn.Embedding(config.VocabSize, config.Embedding, device: dev, dtype: dtype);
        _wpe = nn.Embedding(config.Positions, config.Embedding, device: dev, dtype: dtype);
        _h = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(i => new Gpt2Block($"{i}", config, dtype, dev)).ToArray());
        _lnF = nn.LayerNorm(config.Embedding, config.LayerNormEpsilon, device: dev, dtype: dtype);
        register_module("wte", _wte);
        register_module("wpe", _wpe);
        register_module("h", _h);
        register_module("ln_f", _lnF);
        Initialize(seed);
    }

    private void Initialize(long? seed)
    {
        using var _ = torch.no_grad();
        using var gen = seed is { } s ? new Generator((ulong)s) : null;
        double residualStd = 0.02 / Math.Sqrt(2.0 * Config.Layers);
        foreach (var (name, p) in named_parameters())
        {
            bool layerNorm = name.Contains("ln_");
            if (gen is null || name.EndsWith(".bias", StringComparison.Ordinal)) { if (!layerNorm) p.zero_(); continue; }
            if (layerNorm) continue;                                             // gain 1, bias 0 (LayerNorm defaults)
            double std = name.EndsWith("c_proj.weight", StringComparison.Ordinal) ? residualStd : 0.02;
            using var values = torch.randn(p.shape, p.dtype, generator: gen);
            p.copy_(values.mul_(std));
        }
    }

    /// <summary>Token embedding wte, shape [V, d]; also the head's weight.</summary>
    public Parameter TokenEmbedding => _wte.weight!;

    /// <summary>Logits for token ids of shape (B, T) with T ≤ n_positions and ids in [0, V): <see cref="Features"/> · wteᵀ (tied head).</summary>
    public override Tensor forward(Tensor ids) => Features(ids).matmul(_wte.weight!.t());

    /// <summary>The next-token problem of ids (B, T+1) as the head sees it: features (B, T, d) of ids[:, :-1] and the
    /// targets ids[:, 1:]; the head's weight is <see cref="TokenEmbedding"/> (tied: it also enters the features).</summary>
    public (Tensor Features, Tensor Targets) FeaturesAndTargets(Tensor ids)
    {
        var (inputs, targets) = NextTokens.Split(ids);
        return (Features(inputs), targets);
    }

    /// <summary>The final LayerNorm's output (B, T, d) for token ids (B, T): what the tied head multiplies.</summary>
    public Tensor Features(Tensor ids)
    {
        if (ids.dim() != 2) throw new ArgumentException($"token ids must have shape (B, T), got [{string.Join(",", ids.shape)}]", nameof(ids));
        long t = ids.shape[1];
        if (t > Config.Positions) throw new ArgumentException($"sequence length {t} exceeds n_positions {Config.Positions}", nameof(ids));
        var positions = torch.arange(t, device: ids.device);
        var x = _wte.forward(ids) + _wpe.forward(positions);
        foreach (var block in _h) x = block.forward(x);
        return _lnF.forward(x);
    }

    /// <summary>Mean next-token cross-entropy of ids (B, T+1): predicts ids[:, 1:] from ids[:, :-1].</summary>
    public Tensor Loss(Tensor ids)
    {
        var (inputs, targets) = NextTokens.Split(ids);
        return nn.functional.cross_entropy(forward(inputs).reshape(-1, Config.VocabSize), targets.reshape(-1));
    }

    /// <summary>The model's dtype (float32 or float64).</summary>
    public ScalarType DType => _wte.weight!.dtype;
}
