using HessianLab.Models;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class ParameterLayoutTests
{
    [Fact]
    public void The_talks_two_layer_net_has_P_8000_and_one_block_per_weight_row()
    {
        var layout = ParameterLayout.ForMlp(new[] { 500, 8, 500 }, bias: false);
        Assert.Equal(8000, layout.Count);
        var blocks = layout.NeuronBlocks();
        Assert.Equal(8 + 500, blocks.Count);
        Assert.All(blocks.Take(8), b => Assert.Equal(500, b.Length));
        Assert.All(blocks.Skip(8), b => Assert.Equal(8, b.Length));
        Assert.Equal(4000, blocks[8].Start);
        Assert.Equal("W2[0]", blocks[8].Label);
        Assert.Equal(new long[] { 0, 4000 }, layout.LayerBlocks().Select(b => b.Start));
    }

    [Fact]
    public void With_biases_each_row_is_weights_then_bias_and_flatten_matches_indices()
    {
        using var scope = NewDisposeScope();
        var model = new Mlp(new MlpSpec(new[] { 3, 2, 4 }, Activation.Tanh, Bias: true, Init: InitScheme.Torch), seed: 1);
        var theta = model.FlatParameters();
        var seg = model.Layout.Segments[1];
        Assert.Equal(4 * 3, seg.Size);
        Assert.Equal(model.Weight(2)[3, 1].item<double>(), theta[seg.Index(3, 1)].item<double>());
        Assert.Equal(model.Bias(2)![3].item<double>(), theta[seg.Index(3, 2)].item<double>());
        Assert.Equal(model.Bias(1)![1].item<double>(), theta[model.Layout.Segments[0].Index(1, 3)].item<double>());
    }

    [Fact]
    public void Load_of_flattened_parameters_round_trips()
    {
        using var scope = NewDisposeScope();
        var a = new Mlp(new MlpSpec(new[] { 3, 5, 2 }, Bias: true), seed: 1);
        var b = new Mlp(new MlpSpec(new[] { 3, 5, 2 }, Bias: true), seed: 2);
        b.LoadFlatParameters(a.FlatParameters());
        Assert.True(a.FlatParameters().eq(b.FlatParameters()).all().item<bool>());
    }

    [Fact]
    public void Lecun_init_has_variance_one_over_fan_in()
    {
        using var scope = NewDisposeScope();
        var m = new Mlp(new MlpSpec(new[] { 400, 300, 2 }), seed: 3);
        double var1 = m.Weight(1).var().item<double>();
        Assert.InRange(var1 * 400, 0.97, 1.03);   // 120,000 draws: relative sd ≈ 0.4%
        var t = new Mlp(new MlpSpec(new[] { 400, 300, 2 }, Init: InitScheme.Torch), seed: 3);
        Assert.InRange(t.Weight(1).abs().max().item<double>(), 0.04, 1 / Math.Sqrt(400)); // U(±1/√fan_in)
    }
}
