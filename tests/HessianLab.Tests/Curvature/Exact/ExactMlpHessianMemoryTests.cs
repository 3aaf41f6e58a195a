using HessianLab.Curvature.Exact;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.Curvature.Exact;

[Collection(TorchCollection.Name)]
public sealed class ExactMlpHessianMemoryTests
{
    [Theory]
    [InlineData(Activation.Tanh, LossKind.Ce)]
    [InlineData(Activation.Relu, LossKind.Mse)]
    public void Streaming_with_a_tiny_budget_gives_the_same_matrix_as_one_chunk(Activation act, LossKind loss)
    {
        using var scope = NewDisposeScope();
        var (model, data) = ExactTestNets.Create(3, act, bias: true, seed: 5, samples: 23);
        var whole = new ExactMlpHessian(model, data, loss);
        var h = whole.Full();
        Assert.Equal(1, whole.LastStats!.Chunks);
        var stats = whole.LastStats;
        // A budget that holds the fixed part and about three samples.
        var plan = new ExactMlpHessian(model, data, loss, new ExactHessianOptions(ChunkSize: 1));
        plan.Full();
        long perSample = plan.LastStats!.WorkingBytes;
        var tiny = new ExactMlpHessian(model, data, loss, new ExactHessianOptions(MemoryBudgetBytes: 3 * perSample));
        var streamed = tiny.Full();
        Assert.True(tiny.LastStats!.Chunks > 3, $"expected several chunks, got {tiny.LastStats.Chunks}");
        Assert.True(tiny.LastStats.WorkingBytes <= 3 * perSample);
        Assertions.CloseRelativeToMax(h, streamed, 1e-13, "streamed vs one chunk");
        var rows = tiny.NeuronRows(new[] { (2, 0), (3, 1) });
        Assertions.CloseRelativeToMax(h.index_select(0, tensor(tiny.NeuronRowIndices(new[] { (2, 0), (3, 1) }))), rows, 1e-13, "streamed rows");
        Assert.True(stats.Flops > 0 && stats.OutputBytes == h.numel() * 8);
    }

    [Fact]
    public void When_the_packed_diagonal_accumulators_do_not_fit_the_direct_path_gives_the_same_matrix()
    {
        using var scope = NewDisposeScope();
        var model = new Mlp(new MlpSpec(new[] { 9, 6, 7, 5 }, Activation.Tanh, Bias: true), seed: 4);
        var data = SyntheticData.Create(DataKind.Gaussian, 10, 9, 5, seed: 4);
        var reference = new ExactMlpHessian(model, data, LossKind.Ce);
        var h = reference.Full();
        Assert.Equal(3, reference.LastStats!.SymmetricDiagonalBlocks);
        long budget = reference.LastStats.WorkingBytes;
        bool sawDirect = false;
        for (int step = 0; step < 12; step++, budget = budget * 2 / 3)
        {
            var engine = new ExactMlpHessian(model, data, LossKind.Ce, new ExactHessianOptions(MemoryBudgetBytes: budget));
            Tensor streamed;
            try { streamed = engine.Full(); }
            catch (InsufficientMemoryException) { break; }
            sawDirect |= engine.LastStats!.SymmetricDiagonalBlocks < 3;
            Assertions.CloseRelativeToMax(h, streamed, 1e-13, $"budget {budget} B ({engine.LastStats.SymmetricDiagonalBlocks} symmetric, {engine.LastStats.Chunks} chunks)");
        }
        Assert.True(sawDirect, "some budget should have forced the direct diagonal path");
    }

    [Fact]
    public void A_budget_too_small_for_one_sample_is_refused_with_the_numbers()
    {
        using var scope = NewDisposeScope();
        var (model, data) = ExactTestNets.Create(2, Activation.Relu, bias: false, seed: 6);
        var engine = new ExactMlpHessian(model, data, LossKind.Ce, new ExactHessianOptions(MemoryBudgetBytes: 64));
        var e = Assert.Throws<InsufficientMemoryException>(() => engine.Full());
        Assert.Contains("memory budget is 64 B", e.Message);
        Assert.Contains("per sample", e.Message);
    }

    [Fact]
    public void A_Hessian_larger_than_the_machine_is_refused_before_allocating()
    {
        using var scope = NewDisposeScope();
        var model = new Mlp(new MlpSpec(new[] { 1000, 1000, 10 }), seed: 1);
        var data = SyntheticData.Create(DataKind.Gaussian, 4, 1000, 10, seed: 1);
        var engine = new ExactMlpHessian(model, data, LossKind.Ce);
        var e = Assert.Throws<InsufficientMemoryException>(() => engine.Full());
        Assert.Contains("1010000×1010000", e.Message);
        Assert.Contains("available", e.Message);
    }

    [Fact]
    public void Invalid_options_and_data_are_argument_errors()
    {
        using var scope = NewDisposeScope();
        var (model, data) = ExactTestNets.Create(2, Activation.Relu, bias: false, seed: 6);
        Assert.Throws<ArgumentException>(() => new ExactMlpHessian(model, data, LossKind.Ce, new ExactHessianOptions(MemoryBudgetBytes: 0)));
        Assert.Throws<ArgumentException>(() => new ExactMlpHessian(model, data.X.narrow(1, 0, 1), data.Y, LossKind.Ce));
        Assert.Contains("labels span", Assert.Throws<ArgumentException>(() =>
            new ExactMlpHessian(model, data.X, data.Y + 100, LossKind.Ce)).Message);
    }
}
