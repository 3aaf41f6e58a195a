using HessianLab.Models.Gpt;
using HessianLab.Optim;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;

namespace HessianLab.Experiments.LanguageModel;

/// <summary>The four optimizers of the talk's Part III for a <see cref="Gpt"/>, with blocks and routing mapped
/// explicitly from the model's structure (docs/optimizers.md), never guessed from names at step time.</summary>
public static class GptOptimizers
{
    /// <summary>Optimizer names in report order.</summary>
    /// <remarks>normuon is the official code's step rule (statistic per row); normuon-bench is the modded-nanogpt
    /// benchmark's (statistic per entry of the longer side, rsqrt(max(v, ε))).</remarks>
    public static readonly string[] Names = { "adamw", "adam-mini", "muon", "normuon", "normuon-bench" };

    /// <summary>Builds one optimizer. <paramref name="auxLr"/> is the AdamW rate of the parameters Muon/NorMuon do not take.</summary>
    /// <remarks>
    /// Adam-mini blocks: Q, K — one per head; V, attention output, MLP (fc, proj) — one per output neuron (row);
    /// token/position embeddings and the output head — one per token (row); LayerNorm gains — one per tensor;
    /// LayerNorm biases — per element. Muon/NorMuon: the hidden 2-D matrices q, k, v, o, fc, proj (never fused);
    /// embeddings, head and LayerNorm parameters go to an auxiliary AdamW (betas (0.9, 0.95), eps 1e-10). Weight decay 0 throughout.
    /// </remarks>
    public static (torch.optim.Optimizer Optimizer, string Label) Create(string name, Gpt model, double lr, double auxLr)
    {
        var kind = name switch
        {
            "adamw" => OptimizerKind.AdamW,
            "adam-mini" => OptimizerKind.AdamMini,
            "muon" => OptimizerKind.Muon,
            "normuon" or "normuon-bench" => OptimizerKind.NorMuon,
            "shampoo" => OptimizerKind.Shampoo,   // every parameter (rank-1 LayerNorm gains/biases: its diagonal fallback)
            _ => throw new ArgumentException($"unknown optimizer '{name}'; use {string.Join(", ", Names)} or shampoo", nameof(name)),
        };
        var rule = name == "normuon-bench" ? NorMuonStepRule.Benchmark : NorMuonStepRule.Code;
        var settings = new OptimizerSettings(kind, lr, WeightDecay: 0, StepRule: rule, Aux: new AuxAdamWSettings(LearningRate: auxLr), ShampooInterval: 10);
        var (optimizer, _, label) = OptimizerFactory.Create(settings, Rules(model));
        return (optimizer, label);
    }

    /// <summary>The GPT's rules for the one factory: Muon/NorMuon take the hidden 2-D matrices (token and position
    /// embeddings and the head go to AdamW); Adam-mini's blocks as in <see cref="Create"/>'s remarks.</summary>
    public static OptimizerRules Rules(Gpt model)
    {
        var named = model.named_parameters().Select(np => (np.name, np.parameter)).ToList();
        return new OptimizerRules(named, () => ParameterRouting.Route(named, new[] { "tok.weight", "pos.weight", "head.weight" }), () =>
        {
            var part = new AdamMiniPartition();
            foreach (var (n, p) in named) Assign(part, n, p, model.Config.Heads);
            return part;
        });
    }

    private static void Assign(AdamMiniPartition part, string name, Parameter p, int heads)
    {
        string role = name.Split('.') is var parts && parts.Length >= 2 ? parts[^2] : name;
        if (p.dim() == 1) { if (name.EndsWith(".bias", StringComparison.Ordinal)) part.Elements(name, p); else part.Tensor(name, p); }
        else if (role is "q" or "k") part.Heads(name, p, heads);
        else if (role is "tok" or "pos" or "head") part.Tokens(name, p);
        else part.Rows(name, p);
    }
}
