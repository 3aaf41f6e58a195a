using HessianLab.Experiments.Transformers;
using HessianLab.Models.Gpt;
using HessianLab.Models.Gpt2;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Experiments;

/// <summary>E8's sub-block rows through the closed-form softmax head equal those of the plain double backward.</summary>
[Collection(TorchCollection.Name)]
public sealed class SubBlocksClosedFormHeadTests
{
    [Fact]
    public void On_GPT2_the_closed_form_head_gives_the_same_sub_matrix_and_energies_as_the_plain_double_backward()
    {
        using var scope = NewDisposeScope();
        using var model = new Gpt2Model(new Gpt2Config(VocabSize: 97, Positions: 16, Embedding: 8, Layers: 2, Heads: 2), seed: 4, dtype: ScalarType.Float64);
        using (no_grad()) foreach (var (name, p) in model.named_parameters()) if (!name.Contains("ln_")) p.mul_(10);
        using var gen = new Generator(5);
        var ids = randint(0, 97, new long[] { 2, 9 }, ScalarType.Int64, generator: gen);
        var selection = Gpt2SubBlocks.Select(model, new[] { 0, 1 }, perRole: 2, entries: 3);
        var (plain, _, mp) = TransformerSubBlocks.Measure(model, () => model.Loss(ids), 97, selection, "bpe", 0);
        var (closed, _, mc) = TransformerSubBlocks.Measure(model, () => model.Loss(ids), 97, selection, "bpe", 0,
            head: (() => model.FeaturesAndTargets(ids), model.TokenEmbedding));
        Assertions.CloseRelativeToMax(plain, closed, 1e-12, "sub-matrix, closed-form head vs plain");
        Assert.Equal(mp.RhoSame, mc.RhoSame, 1e-12 * mp.RhoSame);
        Assert.Equal(mp.RhoCross, mc.RhoCross, 1e-12 * mp.RhoCross);
    }

    [Fact]
    public void The_GPT_overload_uses_the_closed_form_head_and_matches_the_plain_rows()
    {
        using var scope = NewDisposeScope();
        var gpt = new HessianLab.Models.Gpt.Gpt(new GptConfig(Vocab: 61, Context: 8, Layers: 2, Heads: 2, Dim: 8), seed: 6, dtype: ScalarType.Float64);
        using (no_grad()) foreach (var p in gpt.parameters()) p.mul_(10);
        using var gen = new Generator(7);
        var ids = randint(0, 61, new long[] { 2, 9 }, ScalarType.Int64, generator: gen);
        var selection = TransformerSubBlocks.Select(gpt, new[] { 0, 1 }, perMatrix: 2, entries: 3);
        var (viaGpt, _, _) = TransformerSubBlocks.Measure(gpt, ids, selection, "bytes", 0);
        var (plain, _, _) = TransformerSubBlocks.Measure(gpt, () => gpt.Loss(ids), 61, selection, "bytes", 0);
        Assertions.CloseRelativeToMax(plain, viaGpt, 1e-12, "GPT sub-matrix, closed-form head vs plain");
    }
}
