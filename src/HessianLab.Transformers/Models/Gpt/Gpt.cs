using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Models.Gpt;

/// <summary>A small GPT for the Transformer experiments (E8, E9): logits (B, T, V) for token ids (B, T).</summary>
/// <remarks>Initialization as GPT-2 / nanoGPT: N(0, 0.02²) for embeddings and weights, residual
/// projections (o, proj) scaled by 1/√(2·layers), LayerNorm gains 1 and biases 0.</remarks>
public sealed class Gpt : nn.Module<Tensor, Tensor>
{
    private readonly Embedding tok, pos;
    private readonly ModuleList<GptBlock> blocks;
    private readonly LayerNorm lnf;
    private readonly Linear head;

    /// <summary>The configuration.</summary>
    public GptConfig Config { get; }

    public Gpt(GptConfig config, long seed = 0, ScalarType dtype = ScalarType.Float32, Device? device = null) : base("Gpt")
    {
        Config = config.Validated();
        var dev = device ?? CPU;
        tok = nn.Embedding(config.Vocab, config.Dim, device: dev, dtype: dtype);
        pos = nn.Embedding(config.Context, config.Dim, device: dev, dtype: dtype);
        blocks = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(i => new GptBlock($"block{i}", config, dtype, dev)).ToArray());
        lnf = nn.LayerNorm(config.Dim, device: dev, dtype: dtype);
        head = nn.Linear(config.Dim, config.Vocab, hasBias: false, device: dev, dtype: dtype);
        RegisterComponents();
        Initialize(seed);
    }

    private void Initialize(long seed)
    {
        using var gen = new Generator((ulong)seed);
        using var _ = torch.no_grad();
        double residualStd = 0.02 / Math.Sqrt(2.0 * Config.Layers);
        foreach (var (name, p) in named_parameters())
        {
            if (name.Contains("ln")) continue;                       // LayerNorm: weight 1, bias 0 (defaults)
            double std = name.EndsWith("o.weight") || name.EndsWith("proj.weight") ? residualStd : 0.02;
            var values = torch.randn(p.shape, ScalarType.Float64, generator: gen) * std;
            p.copy_(values.to(p.dtype));
        }
    }

    /// <summary>Logits for token ids of shape (B, T) with T ≤ Context: the head applied to <see cref="Features"/>.</summary>
    public override Tensor forward(Tensor ids) => head.forward(Features(ids));

    /// <summary>The head's weight W (V × d): logits = features · Wᵀ, no bias.</summary>
    public Parameter HeadWeight => head.weight!;

    /// <summary>The next-token problem of ids (B, T+1) as the head sees it: features (B, T, d) of ids[:, :-1] and the
    /// targets ids[:, 1:] (<see cref="Loss"/> is the mean cross-entropy of features · Wᵀ against them; e.g. for
    /// <c>SoftmaxHeadHessian</c>).</summary>
    public (Tensor Features, Tensor Targets) FeaturesAndTargets(Tensor ids)
    {
        var (inputs, targets) = NextTokens.Split(ids);
        return (Features(inputs), targets);
    }

    /// <summary>The final LayerNorm's output (B, T, d) for token ids (B, T): what the head multiplies.</summary>
    public Tensor Features(Tensor ids)
    {
        long t = ids.shape[1];
        if (t > Config.Context) throw new ArgumentException($"sequence length {t} exceeds the context {Config.Context}");
        var positions = torch.arange(t, device: ids.device);
        var x = tok.forward(ids) + pos.forward(positions);
        foreach (var block in blocks) x = block.forward(x);
        return lnf.forward(x);
    }

    /// <summary>Mean next-token cross-entropy of ids (B, T+1): predicts ids[:, 1:] from ids[:, :-1].</summary>
    public Tensor Loss(Tensor ids)
    {
        var (inputs, targets) = NextTokens.Split(ids);
        return nn.functional.cross_entropy(forward(inputs).reshape(-1, Config.Vocab), targets.reshape(-1));
    }

    /// <summary>The 2-D weight matrices by role, in block order: (name, role, parameter); role ∈ q, k, v, o, fc, proj, tok, pos, head.</summary>
    public IReadOnlyList<(string Name, string Role, Parameter Weight)> Matrices() =>
        named_parameters().Where(np => np.parameter.dim() == 2)
            .Select(np => (np.name, RoleOf(np.name), np.parameter)).ToList();

    private static string RoleOf(string name)
    {
        var parts = name.Split('.');
        return parts.Length >= 2 ? parts[^2] : parts[0];
    }
}
