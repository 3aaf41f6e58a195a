using HessianLab.Curvature;
using HessianLab.Models;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Tests.Curvature;

/// <summary>Inputs that would abort libtorch inside <c>autograd.grad</c> must surface as .NET exceptions.
/// These run in-process: an abort would kill the test host and fail the run loudly.</summary>
[Collection(TorchCollection.Name)]
public sealed class AutogradSafetyTests
{
    private static Tensor Ce(Tensor z, Tensor y) => nn.functional.cross_entropy(z, y);

    [Fact]
    public void Given_a_weight_changed_in_place_after_building_the_Hessian_Apply_throws_InvalidOperation()
    {
        using var scope = NewDisposeScope();
        var net = new ConvNet(51);
        var (x, y) = ConvNet.Data(4, 52);
        var ps = ModuleParameters.Of(net);
        using var h = AutogradHessian.ForModule(net, () => Ce(net.forward(x), y));
        var v = ones(ps.Count, dtype: ScalarType.Float64);
        _ = h.Apply(v);                                                  // fine before the change

        using (no_grad()) ps.Tensors[ps.IndexOf("fc.weight")].add_(0.01);   // e.g. an optimizer step

        var e = Assert.Throws<InvalidOperationException>(() => h.Apply(v));
        Assert.Contains("modified in place", e.Message);
        Assert.Throws<InvalidOperationException>(() => h.Row(0));
        Assert.Null(ps.Tensors[0].grad);                                   // the caller's .grad is left as it was
    }

    [Fact]
    public void Given_a_weight_changed_in_place_the_module_operator_follows_the_new_weights()
    {
        using var scope = NewDisposeScope();
        var net = new ConvNet(53);
        var (x, y) = ConvNet.Data(4, 54);
        var ps = ModuleParameters.Of(net);
        var op = new ModuleCurvatureOperator(net, Ce, new[] { new Batch(x, y) });
        var v = ones(ps.Count, dtype: ScalarType.Float64);
        var before = op.Apply(v);
        using (no_grad()) ps.Tensors[ps.IndexOf("fc.weight")].mul_(1.5);
        var after = op.Apply(v);
        var dense = DenseCurvature.Hessian(ps.Tensors, () => Ce(net.forward(x), y));
        Assertions.CloseRelativeToMax(dense.matmul(v), after, 1e-12, "H v at the new weights");
        Assert.True((after - before).abs().max().item<double>() > 1e-6);
    }

    [Fact]
    public void Given_a_frozen_parameter_passed_explicitly_the_Hessian_and_the_products_throw_ArgumentException()
    {
        using var scope = NewDisposeScope();
        var w = new Parameter(randn(3, 2, dtype: ScalarType.Float64));
        var frozen = new Parameter(randn(3, dtype: ScalarType.Float64), requires_grad: false);
        var x = randn(5, 2, dtype: ScalarType.Float64);
        Tensor Loss() => (x.matmul(w.t()) + frozen).tanh().pow(2).sum();

        var e = Assert.Throws<ArgumentException>(() => new AutogradHessian(new Tensor[] { w, frozen }, Loss, g => cat(g.Select(t => t.reshape(-1)).ToArray())));
        Assert.Contains("frozen", e.Message);
        Assert.Throws<ArgumentException>(() => CurvatureProducts.HessianVector(new Tensor[] { w, frozen }, Loss, new[] { ones_like(w), ones_like(frozen) }));
        Assert.Throws<ArgumentException>(() => CurvatureProducts.GgnVector(new Tensor[] { w, frozen }, () => x.matmul(w.t()) + frozen,
            z => z.pow(2).sum(), new[] { ones_like(w), ones_like(frozen) }));
    }

    [Fact]
    public void Given_a_frozen_parameter_in_the_module_ForModule_skips_it_and_matches_the_trainable_Hessian()
    {
        using var scope = NewDisposeScope();
        var net = new ConvNet(55);
        var (x, y) = ConvNet.Data(4, 56);
        using var h = AutogradHessian.ForModule(net, () => Ce(net.forward(x), y));
        var ps = ModuleParameters.Of(net);
        Assert.Equal(ps.Count, h.Dimension);
        Assertions.CloseRelativeToMax(DenseCurvature.Hessian(ps.Tensors, () => Ce(net.forward(x), y)), h.Full(), 1e-12, "trainable Hessian");
    }

    [Fact]
    public void Given_a_parameter_the_loss_does_not_use_its_Hessian_rows_are_zero_instead_of_an_abort()
    {
        using var scope = NewDisposeScope();
        var w = new Parameter(tensor(new[] { 0.3, -0.7 }));
        var unused = new Parameter(tensor(new[] { 1.0, 2.0, 3.0 }));
        Tensor Loss() => (w.pow(3)).sum();                                       // H = diag(6 w) on w, 0 elsewhere
        var hv = CurvatureProducts.HessianVector(new Tensor[] { w, unused }, Loss, new[] { ones_like(w), ones_like(unused) });
        Assertions.AllClose(6 * w.detach(), hv[0], rtol: 1e-14, what: "H_ww 1");
        Assertions.AllClose(zeros(3, dtype: ScalarType.Float64), hv[1], what: "unused parameter");
        using var h = new AutogradHessian(new Tensor[] { w, unused }, Loss, g => cat(g.Select(t => t.reshape(-1)).ToArray()));
        var expected = zeros(5, 5, dtype: ScalarType.Float64);
        expected[0, 0] = 6 * 0.3; expected[1, 1] = 6 * -0.7;
        Assertions.AllClose(expected, h.Full(), rtol: 1e-14, atol: 1e-15, what: "full Hessian");
    }

    [Fact]
    public void Given_a_loss_without_graph_or_not_scalar_the_products_answer_without_aborting()
    {
        using var scope = NewDisposeScope();
        var w = new Parameter(randn(3, dtype: ScalarType.Float64));
        var v = new[] { ones_like(w) };
        Tensor Detached() { using var _ = no_grad(); return (w * w).sum(); }
        Assertions.AllClose(zeros(3, dtype: ScalarType.Float64), CurvatureProducts.HessianVector(new Tensor[] { w }, Detached, v)[0], what: "constant loss");
        Assert.Throws<ArgumentException>(() => CurvatureProducts.HessianVector(new Tensor[] { w }, () => w * w, v));
        Assert.Throws<ArgumentException>(() => new AutogradHessian(new Tensor[] { w }, () => w * w, g => g[0]));
        var linear = CurvatureProducts.HessianVector(new Tensor[] { w }, () => (3 * w).sum(), v)[0];
        Assertions.AllClose(zeros(3, dtype: ScalarType.Float64), linear, what: "linear loss");
    }
}
