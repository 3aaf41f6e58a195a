using HessianLab.Models;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class ModuleParametersTests
{
    [Fact]
    public void Given_a_module_with_a_frozen_parameter_theta_holds_only_the_trainable_ones_in_registration_order()
    {
        using var scope = NewDisposeScope();
        var net = new ConvNet(1);
        var ps = ModuleParameters.Of(net);
        Assert.Equal(new[] { "conv.bias", "conv.weight", "fc.bias", "fc.weight", "gain" }, ps.Names.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(net.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name), ps.Names);
        Assert.Equal(new[] { "offset" }, ps.FrozenNames);
        Assert.Equal(80, ps.Count);
        Assert.Equal(net.named_parameters().Where(p => p.parameter.requires_grad).Sum(p => p.parameter.numel()), ps.Count);
        var e = Assert.Throws<ArgumentException>(() => ps.IndexOf("offset"));
        Assert.Contains("frozen", e.Message);
    }

    [Fact]
    public void Given_theta_flat_and_named_views_round_trip_and_write_back_in_place()
    {
        using var scope = NewDisposeScope();
        var net = new ConvNet(2);
        var ps = ModuleParameters.Of(net);
        var theta = ps.ToFlat();
        // Independent flattening: each named parameter reshaped and concatenated in Names order.
        var manual = cat(ps.Names.Select(n => net.named_parameters().Single(p => p.name == n).parameter.detach().reshape(-1)).ToArray());
        Assertions.AllClose(manual, theta, rtol: 0, what: "ToFlat");
        var named = ps.Unflatten(theta);
        foreach (var (name, p) in net.named_parameters().Where(p => p.parameter.requires_grad))
            Assertions.AllClose(p, named[name], rtol: 0, what: name);

        ps.CopyFromFlat(theta + 1.0);
        Assertions.AllClose(theta + 1.0, ps.ToFlat(), rtol: 0, what: "after CopyFromFlat");
        Assert.Throws<ArgumentException>(() => ps.Split(zeros(79, dtype: ScalarType.Float64)));
    }

    [Fact]
    public void Given_a_conv_and_a_linear_layer_neuron_blocks_pair_each_filter_or_row_with_its_bias_entry()
    {
        using var scope = NewDisposeScope();
        var net = new ConvNet(3);
        var ps = ModuleParameters.Of(net);
        // θ = 0, 1, …, P−1: each named view then holds its own θ indices.
        var index = ps.Unflatten(arange(ps.Count, dtype: ScalarType.Int64));
        long[] Row(string name, int i) => index[name][i].reshape(-1).data<long>().ToArray();
        var blocks = ps.NeuronBlocks().ToDictionary(b => b.Label);

        Assert.Equal(2 + 3 + 1, blocks.Count);                        // 2 filters, 3 rows, the gain
        for (int c = 0; c < 2; c++)
            Assert.Equal(Row("conv.weight", c).Append(Row("conv.bias", c)[0]), blocks[$"conv[{c}]"].Indices);
        for (int i = 0; i < 3; i++)
            Assert.Equal(Row("fc.weight", i).Append(Row("fc.bias", i)[0]), blocks[$"fc[{i}]"].Indices);
        Assert.Equal(index["gain"].data<long>().ToArray(), blocks["gain[0]"].Indices);
        Assert.Equal(Enumerable.Range(0, 80).Select(i => (long)i), ps.NeuronOrder().OrderBy(i => i));   // a permutation of θ

        var layout = ps.NeuronLayout();
        Assert.Equal(new[] { (2, 10, true), (3, 19, true), (1, 3, false) },
            layout.Segments.OrderBy(s => s.Name).Select(s => (s.Rows, s.Cols, s.HasBias)).ToArray());
    }

    [Fact]
    public void Given_the_library_Mlp_the_neuron_layout_and_order_reproduce_its_own_theta_layout()
    {
        using var scope = NewDisposeScope();
        var mlp = new Mlp(new MlpSpec(new[] { 4, 3, 2 }, Activation.Tanh, Bias: true, InitScheme.Torch), seed: 5);
        var ps = ModuleParameters.Of(mlp);
        Assert.Equal(mlp.Layout.Segments, ps.NeuronLayout().Segments);
        var order = tensor(ps.NeuronOrder());
        Assertions.AllClose(mlp.FlatParameters(), ps.ToFlat().index_select(0, order), rtol: 0, what: "θ_layout = θ_registration[order]");
    }

    [Fact]
    public void Given_a_module_whose_parameters_are_all_frozen_Of_refuses_naming_the_module()
    {
        using var scope = NewDisposeScope();
        var lin = nn.Linear(3, 2);
        foreach (var p in lin.parameters()) p.requires_grad = false;
        var e = Assert.Throws<ArgumentException>(() => ModuleParameters.Of(lin));
        Assert.Equal("module", e.ParamName);
        Assert.Contains("frozen", e.Message);
    }
}
