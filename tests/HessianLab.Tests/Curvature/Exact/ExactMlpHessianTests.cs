using HessianLab.Curvature.Exact;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.Curvature.Exact;

[Collection(TorchCollection.Name)]
public sealed class ExactMlpHessianTests
{
    public static IEnumerable<object[]> Networks()
    {
        int seed = 10;
        foreach (var act in Enum.GetValues<Activation>())
            foreach (var loss in Enum.GetValues<LossKind>())
                for (int depth = 1; depth <= 4; depth++)
                    foreach (bool bias in new[] { false, true })
                        yield return new object[] { depth, act, loss, bias, seed++ };
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Given_a_random_small_MLP_the_exact_Hessian_equals_autograd_to_1e_10_of_its_max(int depth, Activation act, LossKind loss, bool bias, int seed)
    {
        using var scope = NewDisposeScope();
        var (model, data) = ExactTestNets.Create(depth, act, bias, seed);
        var expected = ExactTestNets.Autograd(model, data, loss);
        var engine = new ExactMlpHessian(model, data, loss);
        var h = engine.Full();
        Assert.Equal(expected.shape, h.shape);
        Assertions.CloseRelativeToMax(expected, h, 1e-10, $"exact vs autograd ({model.Spec.WidthsText}, {act}, {loss}, bias={bias})");
        Assertions.AllClose(h, h.t(), rtol: 0, atol: 0, what: "exact symmetry");
    }

    [Theory]
    [InlineData(1, LossKind.Ce)]
    [InlineData(1, LossKind.Mse)]
    [InlineData(2, LossKind.Ce)]
    [InlineData(2, LossKind.Mse)]
    [InlineData(3, LossKind.Mse)]
    public void Given_one_or_two_outputs_the_exact_Hessian_equals_autograd(int classes, LossKind loss)
    {
        using var scope = NewDisposeScope();
        var (model, data) = ExactTestNets.Create(3, Activation.Tanh, bias: true, seed: 40 + classes, classes: classes, samples: 9);
        var expected = ExactTestNets.Autograd(model, data, loss);
        var h = new ExactMlpHessian(model, data, loss).Full();
        Assertions.CloseRelativeToMax(expected, h, 1e-10, $"C = {classes}, {loss}");
    }
}
