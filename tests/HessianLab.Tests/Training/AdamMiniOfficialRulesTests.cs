using HessianLab.Experiments.LanguageModel;
using HessianLab.Models.Gpt;
using HessianLab.Models.Gpt2;
using HessianLab.Optim;
using HessianLab.Tests.TestSupport;
using HessianLab.Training;
using static TorchSharp.torch;

namespace HessianLab.Tests.Training;

/// <summary>Adam-mini's partition against the official implementation's name rules (v1.1: substring sets, first match wins).</summary>
[Collection(TorchCollection.Name)]
public sealed class AdamMiniOfficialRulesTests
{
    [Fact]
    public void Official_rules_on_gpt2_names_give_the_blocks_worked_out_by_hand()
    {
        using var scope = NewDisposeScope();
        // Vocab 11, width 8, 2 heads, 1 layer; Conv1D weights are stored [in, out].
        using var model = new Gpt2Model(new Gpt2Config(11, 6, 8, 1, 2), seed: 1);
        var named = model.named_parameters().Select(np => (np.name, np.parameter)).ToList();
        var blocks = AdamMiniOfficialRules.Partition(named, heads: 2).Entries.ToDictionary(e => StripPrefix(e.Name), e => e.BlockCount);
        var expected = new Dictionary<string, long>
        {
            ["wte.weight"] = 11,                // "wte": one block per token (row)
            ["wpe.weight"] = 1,                 // no rule names "wpe": the whole tensor
            ["h.0.ln_1.weight"] = 1, ["h.0.ln_2.weight"] = 1, ["ln_f.weight"] = 1,   // gains: whole tensor
            ["h.0.ln_1.bias"] = 8, ["h.0.ln_2.bias"] = 8, ["ln_f.bias"] = 8,         // "bias": per element
            ["h.0.attn.c_attn.weight"] = 1,     // fused QKV: no rule names "c_attn" → one block
            ["h.0.attn.c_attn.bias"] = 24,
            ["h.0.attn.c_proj.weight"] = 1,     // "attn.c_proj" does not contain "attn.proj" → one block
            ["h.0.attn.c_proj.bias"] = 8,
            ["h.0.mlp.c_fc.weight"] = 8,        // "mlp": rows of the stored [in = 8, out = 32] tensor
            ["h.0.mlp.c_fc.bias"] = 32,
            ["h.0.mlp.c_proj.weight"] = 32,     // [in = 32, out = 8]
            ["h.0.mlp.c_proj.bias"] = 8,
        };
        Assert.Equal(expected.OrderBy(kv => kv.Key), blocks.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void HessianLab_gpt_partition_is_the_official_one_on_llama_style_names_except_positions()
    {
        using var scope = NewDisposeScope();
        var model = new Gpt(new GptConfig(Vocab: 13, Context: 8, Layers: 1, Heads: 2, Dim: 8), seed: 1);
        var ours = GptOptimizers.Rules(model).AdamMiniBlocks().Entries.ToDictionary(e => e.Name, e => e.BlockCount);
        // The same parameters under the names the official rules know (Llama / Hugging Face style).
        string Official(string n) => n
            .Replace("tok.weight", "embed_tokens.weight").Replace("pos.weight", "wpe.weight").Replace("head.weight", "lm_head.weight")
            .Replace(".q.", ".q_proj.").Replace(".k.", ".k_proj.").Replace(".v.", ".v_proj.").Replace(".o.", ".o_proj.")
            .Replace(".fc.", ".mlp.fc.").Replace(".proj.", ".mlp.down.").Replace("ln", "norm");
        var named = model.named_parameters().Select(np => (Official(np.name), np.parameter)).ToList();
        var official = AdamMiniOfficialRules.Partition(named, heads: 2).Entries.ToDictionary(e => e.Name, e => e.BlockCount);
        foreach (var (name, count) in ours)
        {
            if (name == "pos.weight") continue;
            Assert.True(official[Official(name)] == count, $"{name}: HessianLab {count} blocks, official rules {official[Official(name)]}");
        }
        // The one difference: HessianLab gives each position its own block; the official rules give position
        // embeddings (no rule names them) one block.
        Assert.Equal(8, ours["pos.weight"]);
        Assert.Equal(1, official["wpe.weight"]);
        Assert.Equal(2, official["blocks.0.q_proj.weight"]);
    }

    [Fact]
    public void Bias_wins_over_every_other_rule_and_names_are_case_insensitive()
    {
        Assert.Equal(BlockKind.Elements, AdamMiniOfficialRules.RuleFor("model.layers.0.self_attn.q_proj.bias", 4).Kind);
        Assert.Equal(BlockKind.Heads, AdamMiniOfficialRules.RuleFor("Model.Layers.0.Self_Attn.Q_Proj.Weight", 4).Kind);
        Assert.Equal(BlockKind.Tensor, AdamMiniOfficialRules.RuleFor("model.norm.weight", 4).Kind);
        Assert.Throws<ArgumentException>(() => AdamMiniOfficialRules.RuleFor("x", 0));
    }

    private static string StripPrefix(string name) => name.StartsWith("transformer.", StringComparison.Ordinal) ? name["transformer.".Length..] : name;
}
