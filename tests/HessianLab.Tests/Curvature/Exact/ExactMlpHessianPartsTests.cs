using HessianLab.Curvature.Exact;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Curvature.Exact;

[Collection(TorchCollection.Name)]
public sealed class ExactMlpHessianPartsTests
{
    /// <summary>Independent GGN: (1/N) Σ_n J_nᵀ Λ_n J_n with J_n = ∂z_L(x_n)/∂θ from first-order autograd.</summary>
    private static Tensor GgnFromJacobians(Mlp model, Dataset data, LossKind loss)
    {
        int n = data.Count, C = model.Spec.OutputDim;
        long p = model.Layout.Count;
        var ps = model.OrderedParameters().Cast<Tensor>().ToList();
        var ggn = zeros(p, p, dtype: ScalarType.Float64);
        for (int s = 0; s < n; s++)
        {
            var z = model.forward(data.X.narrow(0, s, 1)).reshape(-1);
            var jac = zeros(C, p, dtype: ScalarType.Float64);
            for (int c = 0; c < C; c++)
            {
                var g = torch.autograd.grad(new[] { z[c] }, ps, retain_graph: true, allow_unused: true);
                var filled = g.Select((t, i) => t.IsInvalid ? zeros_like(ps[i]) : t).ToList();
                jac[c] = HessianLab.Curvature.AutogradHessian.FlattenMlp(model, filled);
            }
            using var _ = no_grad();
            Tensor lambda;
            if (loss == LossKind.Ce)
            {
                var pr = softmax(z.detach(), 0);
                lambda = diag(pr) - outer(pr, pr);
            }
            else lambda = eye(C, dtype: ScalarType.Float64) * (2.0 / C);
            ggn += jac.t().matmul(lambda).matmul(jac) / n;
        }
        return ggn;
    }

    [Theory]
    [InlineData(2, Activation.Tanh, LossKind.Ce, true, 3)]
    [InlineData(3, Activation.Gelu, LossKind.Mse, false, 4)]
    [InlineData(3, Activation.Relu, LossKind.Ce, true, 5)]
    [InlineData(4, Activation.Tanh, LossKind.Mse, true, 6)]
    public void The_GGN_equals_the_sum_of_Jacobian_Lambda_Jacobian_and_GGN_plus_residual_is_the_Hessian(int depth, Activation act, LossKind loss, bool bias, int seed)
    {
        using var scope = NewDisposeScope();
        var (model, data) = ExactTestNets.Create(depth, act, bias, seed, classes: 3);
        var engine = new ExactMlpHessian(model, data, loss);
        var h = ExactTestNets.Autograd(model, data, loss);
        var ggn = engine.Ggn();
        var residual = engine.Residual();
        Assertions.CloseRelativeToMax(GgnFromJacobians(model, data, loss), ggn, 1e-10, "GGN vs Jᵀ Λ J");
        Assertions.CloseRelativeToMax(h, ggn + residual, 1e-10, "GGN + residual vs autograd H");
        Assertions.CloseRelativeToMax(engine.Full(), ggn + residual, 1e-12, "GGN + residual vs exact H");
        Assert.True(residual.abs().max().item<double>() > 1e-6 * h.abs().max().item<double>(), "the residual of a deep net at init is not zero");
    }

    [Theory]
    [InlineData(Activation.Tanh, LossKind.Ce)]
    [InlineData(Activation.Relu, LossKind.Mse)]
    public void Given_a_linear_model_the_residual_is_exactly_zero_and_the_GGN_is_the_Hessian(Activation act, LossKind loss)
    {
        using var scope = NewDisposeScope();
        var (model, data) = ExactTestNets.Create(1, act, bias: true, seed: 7, classes: 4);
        var engine = new ExactMlpHessian(model, data, loss);
        Assert.Equal(0.0, engine.Residual().abs().max().item<double>());
        Assertions.CloseRelativeToMax(ExactTestNets.Autograd(model, data, loss), engine.Ggn(), 1e-10, "linear-model GGN");
    }

    [Fact]
    public void In_float32_the_engine_agrees_with_float64_to_single_precision()
    {
        using var scope = NewDisposeScope();
        var (model, data) = ExactTestNets.Create(3, Activation.Gelu, bias: true, seed: 8, samples: 11);
        var h64 = new ExactMlpHessian(model, data, LossKind.Ce).Full();
        var h32 = new ExactMlpHessian(model, data, LossKind.Ce, new ExactHessianOptions(DType: ScalarType.Float32)).Full();
        Assert.Equal(ScalarType.Float32, h32.dtype);
        Assertions.CloseRelativeToMax(h64, h32.to_type(ScalarType.Float64), 1e-5, "float32 vs float64");
    }
}
