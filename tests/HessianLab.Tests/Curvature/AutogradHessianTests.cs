using HessianLab.Curvature;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Curvature;

[Collection(TorchCollection.Name)]
public sealed class AutogradHessianTests
{
    private static double LossAt(Mlp model, Dataset data, LossKind kind, Tensor theta)
    {
        model.LoadFlatParameters(theta);
        using var _ = no_grad();
        return Loss.Compute(kind, model.forward(data.X), data.Y).item<double>();
    }

    [Theory]
    [InlineData(Activation.Tanh, LossKind.Ce, false)]
    [InlineData(Activation.Gelu, LossKind.Mse, true)]
    [InlineData(Activation.Tanh, LossKind.Mse, true)]
    public void Given_a_small_smooth_MLP_the_autograd_Hessian_matches_central_finite_differences(Activation act, LossKind kind, bool bias)
    {
        using var scope = NewDisposeScope();
        var model = new Mlp(new MlpSpec(new[] { 3, 4, 3 }, act, bias), seed: 1);
        var data = SyntheticData.Create(DataKind.Gaussian, 7, 3, 3, seed: 2);
        using var hess = AutogradHessian.ForMlp(model, () => Loss.Compute(kind, model.forward(data.X), data.Y));
        var H = hess.Full();
        var theta = model.FlatParameters();
        var fd = FiniteDifferences.Hessian(t => LossAt(model, data, kind, t), theta);
        Assertions.CloseRelativeToMax(fd, H, 1e-6, "autograd vs finite differences");
        Assertions.AllClose(H, H.t(), rtol: 0, atol: 0, what: "symmetry");
    }

    [Fact]
    public void Given_a_linear_model_with_MSE_the_Hessian_is_exactly_I_C_kron_XXt_over_N_scaled_by_2_over_C()
    {
        // ℓ = (1/(N C)) Σ ‖W x_n - t_n‖²  ⇒  H = (2/C) I_C ⊗ (1/N) X Xᵀ in row-major θ (docs/hessian-math.md, E4).
        using var scope = NewDisposeScope();
        int d = 5, C = 4, N = 11;
        var model = new Mlp(new MlpSpec(new[] { d, C }, Activation.Identity), seed: 3);
        var data = SyntheticData.Create(DataKind.Gaussian, N, d, C, seed: 4);
        using var hess = AutogradHessian.ForMlp(model, () => Loss.Compute(LossKind.Mse, model.forward(data.X), data.Y));
        var H = hess.Full();
        var xxt = data.X.t().matmul(data.X) / N;
        var expected = kron(eye(C, dtype: ScalarType.Float64), xxt) * (2.0 / C);
        Assertions.AllClose(expected, H, rtol: 1e-12, atol: 1e-14, what: "linear MSE Hessian");
    }

    [Fact]
    public void Given_the_SIMO_toy_loss_the_Hessian_equals_the_closed_form_of_the_talk()
    {
        // ℓ = ½(w1 v1)² + ½(w2 v2)², order (w1, w2, v1, v2) (talk, Part II Example 2; E5).
        using var scope = NewDisposeScope();
        double w1 = 0.7, w2 = -1.3, v1 = 0.4, v2 = 2.1;
        var w = new TorchSharp.Modules.Parameter(tensor(new[] { w1, w2 }));
        var v = new TorchSharp.Modules.Parameter(tensor(new[] { v1, v2 }));
        using var hess = new AutogradHessian(new Tensor[] { w, v },
            () => 0.5 * (w * v).pow(2).sum(), g => cat(g.Select(x => x.reshape(-1)).ToArray(), 0));
        var expected = tensor(new double[,]
        {
            { v1 * v1, 0, 2 * w1 * v1, 0 },
            { 0, v2 * v2, 0, 2 * w2 * v2 },
            { 2 * w1 * v1, 0, w1 * w1, 0 },
            { 0, 2 * w2 * v2, 0, w2 * w2 },
        });
        Assertions.AllClose(expected, hess.Full(), rtol: 1e-14, atol: 1e-15, what: "SIMO Hessian");
    }

    [Fact]
    public void Hessian_vector_products_equal_the_dense_Hessian_times_the_vector()
    {
        using var scope = NewDisposeScope();
        var model = new Mlp(new MlpSpec(new[] { 4, 3, 5 }, Activation.Gelu), seed: 5);
        var data = SyntheticData.Create(DataKind.Gaussian, 9, 4, 5, seed: 6);
        using var hess = AutogradHessian.ForMlp(model, () => Loss.Compute(LossKind.Ce, model.forward(data.X), data.Y));
        var H = hess.Full();
        var g = new Generator(7);
        var v = randn(new long[] { hess.Dimension }, ScalarType.Float64, generator: g);
        Assertions.AllClose(H.matmul(v), hess.Apply(v), rtol: 1e-10, atol: 1e-13, what: "Hv");
        var rows = hess.Rows(new long[] { 3, 17 });
        Assertions.AllClose(H.index_select(0, tensor(new long[] { 3, 17 })), rows, rtol: 1e-12, atol: 1e-15, what: "rows");
        var block = hess.Rows(new long[] { 3, 17 }, columns: new long[] { 17, 0, 3 });
        Assertions.AllClose(H.index_select(0, tensor(new long[] { 3, 17 })).index_select(1, tensor(new long[] { 17, 0, 3 })), block,
            rtol: 1e-12, atol: 1e-15, what: "sub-matrix");
    }

    [Fact]
    public void Results_obtained_while_the_operator_is_alive_survive_its_disposal()
    {
        using var scope = NewDisposeScope();
        var model = new Mlp(new MlpSpec(new[] { 3, 2, 2 }), seed: 8);
        var data = SyntheticData.Create(DataKind.Gaussian, 5, 3, 2, seed: 9);
        Tensor rows, grad;
        using (var hess = AutogradHessian.ForMlp(model, () => Loss.Compute(LossKind.Ce, model.forward(data.X), data.Y)))
        {
            rows = hess.Rows(new long[] { 0, 1 });
            grad = hess.Gradient();
        }
        Assert.Equal(new long[] { 2, 10 }, rows.shape);
        Assert.True(double.IsFinite(rows.sum().item<double>() + grad.sum().item<double>()));
    }
}
