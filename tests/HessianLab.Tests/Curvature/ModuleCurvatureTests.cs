using HessianLab.Curvature;
using HessianLab.Models;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Curvature;

[Collection(TorchCollection.Name)]
public sealed class ModuleCurvatureTests
{
    private static Tensor Ce(Tensor z, Tensor y) => nn.functional.cross_entropy(z, y);

    private static Tensor RandomVector(long n, ulong seed)
    {
        using var gen = new Generator(seed);
        return randn(new long[] { n }, ScalarType.Float64, generator: gen);
    }

    [Fact]
    public void Given_a_conv_module_the_Hessian_vector_product_equals_the_dense_autograd_Hessian_times_v()
    {
        using var scope = NewDisposeScope();
        var net = new ConvNet(11);
        var (x, y) = ConvNet.Data(6, 12);
        var ps = ModuleParameters.Of(net);
        var dense = DenseCurvature.Hessian(ps.Tensors, () => Ce(net.forward(x), y));
        var v = RandomVector(ps.Count, 13);

        var hv = ps.Flatten(CurvatureProducts.HessianVector(ps.Tensors, () => Ce(net.forward(x), y), ps.Split(v)));
        var op = new ModuleCurvatureOperator(net, Ce, new[] { new Batch(x, y) });

        Assertions.CloseRelativeToMax(dense.matmul(v), hv, 1e-12, "H v (products)");
        Assertions.CloseRelativeToMax(dense.matmul(v), op.Apply(v), 1e-12, "H v (operator)");
        Assertions.CloseRelativeToMax(dense, AutogradHessian.ForModule(ps, () => Ce(net.forward(x), y)).Full(), 1e-12, "AutogradHessian.ForModule");
    }

    [Fact]
    public void Given_a_conv_module_with_CE_the_GGN_vector_product_equals_Jt_Hz_J_v_with_the_closed_form_Hz()
    {
        using var scope = NewDisposeScope();
        var net = new ConvNet(21);
        var (x, y) = ConvNet.Data(5, 22);
        var ps = ModuleParameters.Of(net);
        var j = DenseCurvature.Jacobian(ps.Tensors, () => net.forward(x));
        Tensor logits;
        using (no_grad()) logits = net.forward(x);
        var ggn = j.t().matmul(DenseCurvature.CrossEntropyOutputHessian(logits)).matmul(j);
        var v = RandomVector(ps.Count, 23);

        var op = new ModuleCurvatureOperator(net, Ce, new[] { new Batch(x, y) }, CurvatureKind.Ggn);

        Assertions.CloseRelativeToMax(ggn.matmul(v), op.Apply(v), 1e-12, "G v");
        // The GGN differs from the Hessian here (tanh and the gain make the residual non-zero).
        var hv = new ModuleCurvatureOperator(net, Ce, new[] { new Batch(x, y) }).Apply(v);
        Assert.True((hv - ggn.matmul(v)).abs().max().item<double>() > 1e-6);
    }

    [Theory]
    [InlineData(CurvatureKind.Hessian)]
    [InlineData(CurvatureKind.Ggn)]
    public void Given_equal_batches_the_mini_batch_operator_is_the_mean_of_the_batch_operators_and_the_full_batch_operator(CurvatureKind kind)
    {
        using var scope = NewDisposeScope();
        var net = new ConvNet(31);
        var (x, y) = ConvNet.Data(12, 32);
        var batches = ModuleCurvatureOperator.Split(x, y, 4);
        Assert.Equal(3, batches.Count);
        var v = RandomVector(ModuleParameters.Of(net).Count, 33);

        var averaged = new ModuleCurvatureOperator(net, Ce, batches, kind).Apply(v);
        var mean = batches.Select(b => new ModuleCurvatureOperator(net, Ce, new[] { b }, kind).Apply(v)).Aggregate((a, b) => a + b) / 3;
        var full = new ModuleCurvatureOperator(net, Ce, new[] { new Batch(x, y) }, kind).Apply(v);

        Assertions.CloseRelativeToMax(mean, averaged, 1e-12, "mini-batch vs mean of batches");
        Assertions.CloseRelativeToMax(full, averaged, 1e-12, "mini-batch vs full batch");
    }

    [Fact]
    public void Given_unequal_batches_the_operator_weights_them_by_size_so_it_still_equals_the_full_batch()
    {
        using var scope = NewDisposeScope();
        var net = new ConvNet(41);
        var (x, y) = ConvNet.Data(10, 42);
        var v = RandomVector(ModuleParameters.Of(net).Count, 43);
        var batched = new ModuleCurvatureOperator(net, Ce, ModuleCurvatureOperator.Split(x, y, 4)).Apply(v);   // 4, 4, 2
        var full = new ModuleCurvatureOperator(net, Ce, new[] { new Batch(x, y) }).Apply(v);
        Assertions.CloseRelativeToMax(full, batched, 1e-12, "size-weighted batches");
    }
}
