using HessianLab.Curvature;
using HessianLab.Curvature.Exact;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Curvature.Exact;

[Collection(TorchCollection.Name)]
public sealed class ExactHessianOperatorTests
{
    [Theory]
    [InlineData(Activation.Relu, LossKind.Ce, true, HessianPart.Full)]
    [InlineData(Activation.Gelu, LossKind.Mse, false, HessianPart.Full)]
    [InlineData(Activation.Tanh, LossKind.Ce, true, HessianPart.Ggn)]
    public void Given_an_MLP_the_exact_operator_applies_the_autograd_Hessian(Activation act, LossKind loss, bool bias, HessianPart part)
    {
        using var scope = NewDisposeScope();
        var (model, data) = ExactTestNets.Create(2, act, bias, seed: 61);
        using var op = new ExactHessianOperator(new ExactMlpHessian(model, data, loss), part);
        using var gen = new Generator(62);
        var v = randn(new long[] { op.Dimension }, ScalarType.Float64, generator: gen);
        Tensor expected;
        if (part == HessianPart.Full)
        {
            using var reference = AutogradHessian.ForMlp(model, () => Loss.Compute(loss, model.forward(data.X), data.Y));
            expected = reference.Apply(v);
        }
        else
        {
            // GGN reference: the GGN-vector product of the generic module code, mapped from registration order to the layout.
            var op2 = new ModuleCurvatureOperator(model, (z, y) => Loss.Compute(loss, z, y), new[] { new Batch(data.X, data.Y) }, CurvatureKind.Ggn);
            var ps = op2.Parameters;
            var order = ps.NeuronOrder();
            var vModule = zeros(ps.Count, dtype: ScalarType.Float64);
            vModule.index_put_(v, tensor(order));                          // θ_module[order[k]] = v_layout[k]
            expected = op2.Apply(vModule).index_select(0, tensor(order));
        }
        Assertions.CloseRelativeToMax(expected, op.Apply(v), 1e-10, $"exact {part} operator");
    }

    [Fact]
    public void Given_the_exact_engine_the_callers_thread_count_is_unchanged_after_construction_and_computation()
    {
        int original = get_num_threads();
        try
        {
            set_num_threads(1);
            using var scope = NewDisposeScope();
            var (model, data) = ExactTestNets.Create(2, Activation.Relu, true, seed: 63);
            var engine = new ExactMlpHessian(model, data, LossKind.Ce, new ExactHessianOptions(Threads: 2));
            Assert.Equal(1, get_num_threads());
            _ = engine.Full();
            _ = engine.LayerBlock(1, 2);
            Assert.Equal(1, get_num_threads());
        }
        finally { set_num_threads(original); }
    }
}
