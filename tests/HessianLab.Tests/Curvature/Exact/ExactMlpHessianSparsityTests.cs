using HessianLab.Curvature.Exact;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.Curvature.Exact;

/// <summary>The engine skips samples on which relu makes a term exactly 0 (inactive neurons, zero activations), and on
/// wide layers splits neuron rows by input column: checked against autograd on nets wide enough to take those paths.</summary>
[Collection(TorchCollection.Name)]
public sealed class ExactMlpHessianSparsityTests
{
    [Theory]
    [InlineData(new[] { 260, 5, 130 }, LossKind.Ce, false)]       // block (1,2): rows split by column, δ σ' residual on b = i
    [InlineData(new[] { 260, 5, 130 }, LossKind.Mse, true)]
    [InlineData(new[] { 140, 5, 130 }, LossKind.Ce, true)]       // c_0 < 256: relu prefers split rows to the Kronecker GEMM
    [InlineData(new[] { 129, 4, 6, 131 }, LossKind.Ce, true)]     // block (1,3): split rows with the J_{2,1} residual
    [InlineData(new[] { 129, 4, 6, 131 }, LossKind.Mse, false)]
    public void Given_a_wide_relu_net_the_sparse_engine_equals_autograd(int[] widths, LossKind loss, bool bias)
    {
        using var scope = NewDisposeScope();
        var model = new Mlp(new MlpSpec(widths, Activation.Relu, bias, InitScheme.Torch), seed: widths.Length + (bias ? 1 : 0));
        var data = SyntheticData.Create(DataKind.Gaussian, 21, widths[0], widths[^1], seed: 3);
        var expected = ExactTestNets.Autograd(model, data, loss);
        var h = new ExactMlpHessian(model, data, loss).Full();
        Assertions.CloseRelativeToMax(expected, h, 1e-10, $"sparse exact vs autograd ({string.Join(",", widths)}, {loss}, bias={bias})");
        Assertions.AllClose(h, h.t(), rtol: 0, atol: 0, what: "exact symmetry");
    }

    [Fact]
    public void Given_relu_the_engine_does_fewer_flops_than_for_gelu_on_the_same_net_and_still_matches_its_parts()
    {
        using var scope = NewDisposeScope();
        int[] widths = { 300, 6, 150 };
        var data = SyntheticData.Create(DataKind.Gaussian, 40, widths[0], widths[^1], seed: 8);
        var relu = new ExactMlpHessian(new Mlp(new MlpSpec(widths, Activation.Relu), seed: 2), data, LossKind.Ce);
        var gelu = new ExactMlpHessian(new Mlp(new MlpSpec(widths, Activation.Gelu), seed: 2), data, LossKind.Ce);
        var h = relu.Full();
        double reluFlops = relu.LastStats!.Flops;
        gelu.Full();
        double geluFlops = gelu.LastStats!.Flops;
        // About half the samples are inactive per neuron, a quarter per pair: well under 70 % of the dense count.
        Assert.True(reluFlops < 0.7 * geluFlops, $"relu {reluFlops:E3} flops vs gelu {geluFlops:E3}: inactive samples were not skipped");
        var sum = relu.Ggn() + relu.Residual();
        Assertions.CloseRelativeToMax(h, sum, 1e-12, "GGN + residual on the sparse paths");
        var rows = relu.NeuronRows(new[] { (1, 2), (2, 7) });
        Assertions.CloseRelativeToMax(h.index_select(0, tensor(relu.NeuronRowIndices(new[] { (1, 2), (2, 7) }))), rows, 1e-13, "neuron rows");
    }

    [Fact]
    public void Streaming_under_a_small_budget_keeps_the_in_place_Gram_modes_and_gives_the_same_matrix()
    {
        using var scope = NewDisposeScope();
        var model = new Mlp(new MlpSpec(new[] { 260, 5, 130 }, Activation.Relu, Bias: true), seed: 6);
        var data = SyntheticData.Create(DataKind.Gaussian, 60, 260, 130, seed: 6);
        var whole = new ExactMlpHessian(model, data, LossKind.Ce);
        var h = whole.Full();
        Assert.Equal(1, whole.LastStats!.Chunks);
        Assert.Equal(2, whole.LastStats.SymmetricDiagonalBlocks);
        // Gram modes accumulate in H itself: a budget of a few samples' working memory still uses them.
        long budget = whole.LastStats.WorkingBytes / 10;
        var small = new ExactMlpHessian(model, data, LossKind.Ce, new ExactHessianOptions(MemoryBudgetBytes: budget));
        var streamed = small.Full();
        Assert.True(small.LastStats!.Chunks >= 8, $"expected many chunks, got {small.LastStats.Chunks}");
        Assert.Equal(2, small.LastStats.SymmetricDiagonalBlocks);
        Assert.True(small.LastStats.WorkingBytes <= budget);
        Assertions.CloseRelativeToMax(h, streamed, 1e-13, "streamed vs one chunk");
        Assertions.AllClose(streamed, streamed.t(), rtol: 0, atol: 0, what: "exact symmetry when streamed");
    }
}

