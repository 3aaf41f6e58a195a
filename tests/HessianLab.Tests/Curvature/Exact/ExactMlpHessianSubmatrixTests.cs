using HessianLab.Curvature.Exact;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.Curvature.Exact;

[Collection(TorchCollection.Name)]
public sealed class ExactMlpHessianSubmatrixTests
{
    private static Tensor Slice(Tensor h, ParameterSegment rows, ParameterSegment cols) =>
        h.narrow(0, rows.Offset, rows.Size).narrow(1, cols.Offset, cols.Size);

    [Theory]
    [InlineData(HessianPart.Full)]
    [InlineData(HessianPart.Ggn)]
    [InlineData(HessianPart.Residual)]
    public void Requested_layer_blocks_equal_the_matching_slices_of_the_full_matrix(HessianPart part)
    {
        using var scope = NewDisposeScope();
        var (model, data) = ExactTestNets.Create(4, Activation.Tanh, bias: true, seed: 21, classes: 3);
        var engine = new ExactMlpHessian(model, data, LossKind.Ce);
        var h = engine.Full(part);
        var wanted = new[] { (2, 2), (1, 3), (4, 2), (1, 4), (4, 4) };
        var blocks = engine.LayerBlocks(wanted, part);
        var segs = model.Layout.Segments;
        foreach (var (l, k) in wanted)
            Assertions.CloseRelativeToMax(Slice(h, segs[l - 1], segs[k - 1]), blocks[(l, k)], 1e-12, $"block ({l},{k}) {part}");
    }

    [Fact]
    public void The_output_layer_block_alone_of_the_talks_two_layer_shape_equals_the_slice()
    {
        using var scope = NewDisposeScope();
        var model = new Mlp(new MlpSpec(new[] { 6, 3, 5 }, Activation.Relu), seed: 2);
        var data = HessianLab.Data.SyntheticData.Create(HessianLab.Data.DataKind.Gaussian, 13, 6, 5, seed: 3);
        var engine = new ExactMlpHessian(model, data, LossKind.Ce);
        var hvv = engine.LayerBlock(2, 2);
        var cross = engine.LayerBlock(1, 2);
        var h = ExactTestNets.Autograd(model, data, LossKind.Ce);
        var segs = model.Layout.Segments;
        Assertions.CloseRelativeToMax(Slice(h, segs[1], segs[1]), hvv, 1e-10, "H_VV");
        Assertions.CloseRelativeToMax(Slice(h, segs[0], segs[1]), cross, 1e-10, "H_WV");
    }

    [Theory]
    [InlineData(LossKind.Ce)]
    [InlineData(LossKind.Mse)]
    public void With_wide_inputs_and_outputs_the_grouped_Gram_diagonal_blocks_equal_autograd(LossKind loss)
    {
        // d = 40 inputs and C = 36 outputs around 3 hidden neurons: both diagonal blocks use grouped weighted Grams (CE).
        using var scope = NewDisposeScope();
        var model = new Mlp(new MlpSpec(new[] { 40, 3, 36 }, Activation.Tanh, Bias: true, InitScheme.Torch), seed: 6);
        var data = HessianLab.Data.SyntheticData.Create(HessianLab.Data.DataKind.Gaussian, 6, 40, 36, seed: 7);
        var engine = new ExactMlpHessian(model, data, loss);
        var h = engine.Full();
        Assertions.CloseRelativeToMax(ExactTestNets.Autograd(model, data, loss), h, 1e-10, $"wide net {loss}");
        Assertions.AllClose(h, h.t(), rtol: 0, atol: 0, what: "symmetry");
    }

    [Theory]
    [InlineData(HessianPart.Full)]
    [InlineData(HessianPart.Residual)]
    public void With_many_inputs_the_per_neuron_off_diagonal_path_equals_the_full_matrix_slices(HessianPart part)
    {
        // c_0 = 261 ≥ 256 routes block (1, 2) through the per-neuron GEMMs with the diagonal J_{1,1} residual.
        using var scope = NewDisposeScope();
        var model = new Mlp(new MlpSpec(new[] { 260, 2, 3 }, Activation.Gelu, Bias: true, InitScheme.Torch), seed: 8);
        var data = HessianLab.Data.SyntheticData.Create(HessianLab.Data.DataKind.Gaussian, 5, 260, 3, seed: 9);
        var engine = new ExactMlpHessian(model, data, LossKind.Ce);
        var full = engine.Full(part);
        if (part == HessianPart.Full)
        {
            var rows = new long[] { 0, 130, 260, 261, 400, 521, 522, 530 };
            using var hessian = HessianLab.Curvature.AutogradHessian.ForMlp(model, () => Loss.Compute(LossKind.Ce, model.forward(data.X), data.Y));
            var expected = hessian.Rows(rows);
            Assertions.CloseRelativeToMax(expected, full.index_select(0, tensor(rows)), 1e-10, "wide-input net rows vs autograd");
        }
        var segs = model.Layout.Segments;
        Assertions.CloseRelativeToMax(Slice(full, segs[0], segs[1]), engine.LayerBlock(1, 2, part), 1e-12, $"block (1,2) {part}");
    }

    [Theory]
    [InlineData(HessianPart.Full, false)]
    [InlineData(HessianPart.Ggn, true)]
    [InlineData(HessianPart.Residual, true)]
    public void Neuron_rows_equal_the_matching_rows_of_the_full_matrix(HessianPart part, bool bias)
    {
        using var scope = NewDisposeScope();
        var (model, data) = ExactTestNets.Create(4, Activation.Gelu, bias, seed: 31, classes: 4);
        var engine = new ExactMlpHessian(model, data, LossKind.Mse);
        var h = engine.Full(part);
        var segs = model.Layout.Segments;
        var neurons = new List<(int, int)> { (3, segs[2].Rows - 1), (1, 0), (4, 2), (2, segs[1].Rows - 1), (1, segs[0].Rows - 1) };
        var rows = engine.NeuronRows(neurons, part);
        var idx = engine.NeuronRowIndices(neurons);
        Assert.Equal(neurons.Sum(t => (long)segs[t.Item1 - 1].Cols), idx.Length);
        Assertions.CloseRelativeToMax(h.index_select(0, tensor(idx)), rows, 1e-12, $"neuron rows {part}");
    }

    [Theory]
    [InlineData(HessianPart.Full, false, 1L << 30)]
    [InlineData(HessianPart.Full, true, 1L)]              // one output neuron per product: several groups
    [InlineData(HessianPart.Ggn, true, 1L << 30)]
    [InlineData(HessianPart.Residual, false, 1L)]
    public void Rows_of_output_neurons_under_cross_entropy_equal_the_full_matrix_and_autograd(HessianPart part, bool bias, long groupBytes)
    {
        using var scope = NewDisposeScope();
        var (model, data) = ExactTestNets.Create(3, Activation.Relu, bias, seed: 41, classes: 6, samples: 23);
        var engine = new ExactMlpHessian(model, data, LossKind.Ce) { OutputRowGroupBytes = groupBytes };
        var segs = model.Layout.Segments;
        // Output neurons out of order, between neurons of other layers: their rows are not one contiguous run.
        var neurons = new List<(int, int)> { (3, 4), (1, 0), (3, 0), (3, 5), (2, segs[1].Rows - 1), (3, 2) };
        var rows = engine.NeuronRows(neurons, part);
        var idx = tensor(engine.NeuronRowIndices(neurons));
        Assertions.CloseRelativeToMax(engine.Full(part).index_select(0, idx), rows, 1e-12, $"output rows under CE, {part}");
        if (part != HessianPart.Full) return;
        using var hessian = HessianLab.Curvature.AutogradHessian.ForMlp(model, () => Loss.Compute(LossKind.Ce, model.forward(data.X), data.Y));
        Assertions.CloseRelativeToMax(hessian.Rows(engine.NeuronRowIndices(neurons)), rows, 1e-10, "output rows under CE vs autograd");
    }

    [Fact]
    public void A_block_or_neuron_that_does_not_exist_is_a_clear_argument_error()
    {
        using var scope = NewDisposeScope();
        var (model, data) = ExactTestNets.Create(2, Activation.Relu, bias: false, seed: 3);
        var engine = new ExactMlpHessian(model, data, LossKind.Ce);
        Assert.Contains("layers 1…2", Assert.Throws<ArgumentException>(() => engine.LayerBlock(1, 3)).Message);
        Assert.Contains("does not exist", Assert.Throws<ArgumentException>(() => engine.NeuronRows(new[] { (1, 99) })).Message);
    }
}
