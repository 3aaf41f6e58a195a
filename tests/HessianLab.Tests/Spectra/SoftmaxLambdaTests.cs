using HessianLab.Curvature;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Spectra;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.Spectra;

[Collection(TorchCollection.Name)]
public sealed class SoftmaxLambdaTests
{
    private static Tensor Block(Tensor h, long offset, long size) => h.narrow(0, offset, size).narrow(1, offset, size);

    private static Tensor Weighted(Tensor xRows, Tensor tau) =>
        (xRows.t() * tau.unsqueeze(0)).matmul(xRows) / xRows.shape[0];

    [Fact]
    public void Given_a_linear_softmax_model_X_Lambda_Xt_over_N_is_the_autograd_CE_Hessian_block_of_output_row_k()
    {
        using var scope = NewDisposeScope();
        int d = 4, c = 3, n = 9, k = 1;
        var model = new Mlp(new MlpSpec(new[] { d, c }, Activation.Identity), seed: 2);
        var data = SyntheticData.Create(DataKind.Gaussian, n, d, c, seed: 3);
        using var hess = AutogradHessian.ForMlp(model, () => Loss.Compute(LossKind.Ce, model.forward(data.X), data.Y));
        var expected = Block(hess.Full(), k * d, d);

        var tau = SoftmaxLambda.LinearWeights(data.X.t().unsqueeze(0), model.Weight(1).detach().unsqueeze(0), k).squeeze(0);

        Assertions.AllClose(expected, Weighted(data.X, tau), rtol: 1e-10, atol: 1e-13, what: "H_{v_k v_k}");
    }

    [Fact]
    public void Given_a_one_hidden_layer_ReLU_net_the_hidden_block_weights_give_the_autograd_CE_Hessian_block_of_neuron_k()
    {
        using var scope = NewDisposeScope();
        int d = 4, m = 3, c = 5, n = 11, k = 2;
        var model = new Mlp(new MlpSpec(new[] { d, m, c }, Activation.Relu), seed: 4);
        var data = SyntheticData.Create(DataKind.Gaussian, n, d, c, seed: 5);
        using var hess = AutogradHessian.ForMlp(model, () => Loss.Compute(LossKind.Ce, model.forward(data.X), data.Y));
        var full = hess.Full();
        var w = model.Weight(1).detach().unsqueeze(0);
        var v = model.Weight(2).detach().unsqueeze(0);
        var x = data.X.t().unsqueeze(0);

        var tauHidden = SoftmaxLambda.HiddenBlockWeights(x, w, v, k).squeeze(0);
        var tauOut = SoftmaxLambda.OneHiddenWeights(x, w, v, 1).squeeze(0);

        Assertions.AllClose(Block(full, k * d, d), Weighted(data.X, tauHidden), rtol: 1e-10, atol: 1e-13, what: "H_{w_k w_k}");
        // p(1 − p) of the same net weighs the hidden features: H_{v_1 v_1} = (1/N) Σ p_1(1 − p_1) h hᵀ, h = relu(W x).
        var features = nn.functional.relu(data.X.matmul(model.Weight(1).detach().t()));
        Assertions.AllClose(Block(full, m * d + 1 * m, m), Weighted(features, tauOut), rtol: 1e-10, atol: 1e-13, what: "H_{v_1 v_1}");
    }

    [Fact]
    public void Given_LeCun_weights_the_linear_softmax_Lambda_lies_in_zero_to_a_quarter_and_averages_near_its_mean()
    {
        var src = new SoftmaxLambda(SoftmaxModelKind.Linear, Classes: 10);
        var sample = RandomMatrixSampler.Sample(new RandomMatrixOptions(50, 100, 20, Seed: 1), src);

        Assert.All(sample.LambdaValues, t => Assert.InRange(t, 0.0, 0.25));
        // Logits ≈ N(0, 1) i.i.d. at LeCun init, so p_k ≈ e^{z_k}/Σ_c e^{z_c} is about 1/C.
        Assert.InRange(sample.LambdaValues.Average(), 0.05, 0.12);
    }

    [Theory]
    [InlineData(SoftmaxModelKind.Linear, 10, 8, 10)]
    [InlineData(SoftmaxModelKind.OneHiddenHiddenBlock, 10, 8, 8)]
    [InlineData(SoftmaxModelKind.Linear, 1, 8, 0)]
    public void Given_an_index_or_class_count_out_of_range_the_source_refuses_it(SoftmaxModelKind kind, int classes, int hidden, int index)
    {
        Assert.Throws<ArgumentException>(() => new SoftmaxLambda(kind, classes, hidden, index).Validated());
    }
}
