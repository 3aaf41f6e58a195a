using HessianLab.Curvature;
using HessianLab.Curvature.Exact;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Curvature.Exact;

[Collection(TorchCollection.Name)]
public sealed class HessianBuilderTests
{
    private static nn.Module<Tensor, Tensor> NotAnMlp() =>
        nn.Sequential(("fc1", nn.Linear(3, 2, dtype: ScalarType.Float64)), ("act", nn.Tanh()), ("fc2", nn.Linear(2, 3, dtype: ScalarType.Float64)));

    [Fact]
    public void Auto_picks_exact_for_an_MLP_and_autograd_otherwise()
    {
        using var scope = NewDisposeScope();
        var (model, _) = ExactTestNets.Create(2, Activation.Relu, bias: false, seed: 1);
        Assert.Equal(HessianMethod.Exact, HessianBuilder.Resolve(model, HessianMethod.Auto));
        Assert.Equal(HessianMethod.Autograd, HessianBuilder.Resolve(NotAnMlp(), HessianMethod.Auto));
        Assert.Equal(HessianMethod.Autograd, HessianBuilder.Resolve(model, HessianMethod.Autograd));
    }

    [Fact]
    public void Exact_on_a_model_that_is_not_an_MLP_is_a_clear_argument_error()
    {
        using var scope = NewDisposeScope();
        var data = SyntheticData.Create(DataKind.Gaussian, 5, 3, 3, seed: 2);
        var e = Assert.Throws<ArgumentException>(() => HessianBuilder.Full(NotAnMlp(), data, LossKind.Ce, HessianMethod.Exact));
        Assert.Contains("only MLPs", e.Message);
        Assert.Contains("Sequential", e.Message);
        Assert.Throws<ArgumentException>(() => HessianBuilder.Part(NotAnMlp(), data, LossKind.Ce, HessianPart.Ggn));
    }

    [Fact]
    public void Every_method_gives_the_same_Hessian_of_an_MLP_and_parts_sum_to_it()
    {
        using var scope = NewDisposeScope();
        var (model, data) = ExactTestNets.Create(3, Activation.Gelu, bias: true, seed: 9);
        var auto = HessianBuilder.Full(model, data, LossKind.Ce);
        var autograd = HessianBuilder.Full(model, data, LossKind.Ce, HessianMethod.Autograd);
        Assertions.CloseRelativeToMax(autograd, auto, 1e-10, "auto (exact) vs autograd");
        var parts = HessianBuilder.Part(model, data, LossKind.Ce, HessianPart.Ggn) + HessianBuilder.Part(model, data, LossKind.Ce, HessianPart.Residual);
        Assertions.CloseRelativeToMax(auto, parts, 1e-12, "GGN + residual");
        Assert.Throws<ArgumentException>(() => HessianBuilder.Part(model, data, LossKind.Ce, HessianPart.Ggn, HessianMethod.Autograd));
    }

    [Fact]
    public void Autograd_handles_a_model_that_is_not_an_MLP()
    {
        using var scope = NewDisposeScope();
        var data = SyntheticData.Create(DataKind.Gaussian, 5, 3, 3, seed: 2);
        var h = HessianBuilder.Full(NotAnMlp(), data, LossKind.Mse);
        Assert.Equal(new long[] { 17, 17 }, h.shape);
        Assertions.AllClose(h, h.t(), rtol: 0, atol: 0, what: "symmetry");
    }
}
