using HessianLab.Curvature.Exact;
using HessianLab.Curvature.Kfac;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Tests.Curvature.Exact;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Curvature.Kfac;

[Collection(TorchCollection.Name)]
public sealed class KfacTests
{
    /// <summary>∇ℓ_n (θ order) of every sample by autograd, one backward per sample: N × P.</summary>
    private static Tensor PerSampleGradients(Mlp model, Dataset data, LossKind loss)
    {
        var rows = new List<Tensor>();
        for (int n = 0; n < data.Count; n++)
        {
            foreach (var p in model.parameters()) p.grad?.zero_();
            Loss.Compute(loss, model.forward(data.X.narrow(0, n, 1)), data.Y.narrow(0, n, 1)).backward();
            rows.Add(model.Layout.Flatten(model.Weights.Select(w => w.grad!.clone()).ToList(),
                model.Biases.Select(b => b?.grad!.clone()).ToList()));
        }
        return stack(rows);
    }

    private static Tensor Block(Tensor h, Mlp model, int l)
    {
        var seg = model.Layout.Segments[l - 1];
        return h.narrow(0, seg.Offset, seg.Size).narrow(1, seg.Offset, seg.Size);
    }

    [Theory]
    [InlineData(Activation.Tanh, LossKind.Ce)]
    [InlineData(Activation.Relu, LossKind.Ce)]
    [InlineData(Activation.Gelu, LossKind.Mse)]
    public void With_one_sample_Kfac_equals_the_exact_GGN_and_the_empirical_Fisher_layer_blocks(Activation act, LossKind loss)
    {
        using var scope = NewDisposeScope();
        var (model, data) = ExactTestNets.Create(3, act, bias: true, seed: 21, classes: 4, samples: 1);
        var ggn = new ExactMlpHessian(model, data, loss).Ggn();
        var kGgn = KfacOperator.ForMlp(model, data.X, data.Y, loss, KfacFisher.Ggn);
        var grad = PerSampleGradients(model, data, loss)[0];
        var kEmp = KfacOperator.ForMlp(model, data.X, data.Y, loss, KfacFisher.Empirical);
        for (int l = 1; l <= model.Spec.Depth; l++)
        {
            Assertions.CloseRelativeToMax(Block(ggn, model, l), kGgn.LayerMatrix(l), 1e-12, $"layer {l}: G ⊗ A vs exact GGN block");
            Assertions.CloseRelativeToMax(Block(outer(grad, grad), model, l), kEmp.LayerMatrix(l), 1e-12, $"layer {l}: empirical G ⊗ A vs ∇ℓ ∇ℓᵀ");
        }
    }

    [Fact]
    public void For_a_linear_network_with_MSE_Kfac_is_the_exact_GGN_for_any_number_of_samples()
    {
        using var scope = NewDisposeScope();
        var (model, data) = ExactTestNets.Create(3, Activation.Identity, bias: true, seed: 22, classes: 3, samples: 19);
        var ggn = new ExactMlpHessian(model, data, LossKind.Mse).Ggn();
        var k = KfacOperator.ForMlp(model, data.X, data.Y, LossKind.Mse, KfacFisher.Ggn);
        for (int l = 1; l <= model.Spec.Depth; l++)
            Assertions.CloseRelativeToMax(Block(ggn, model, l), k.LayerMatrix(l), 1e-12, $"layer {l}");
    }

    [Fact]
    public void With_many_samples_the_G_factor_is_exactly_the_bias_block_and_the_whole_block_is_close_but_not_equal()
    {
        using var scope = NewDisposeScope();
        var model = new Mlp(new MlpSpec(new[] { 5, 6, 4, 3 }, Activation.Tanh, Bias: true), seed: 23);
        var data = SyntheticData.Create(DataKind.Clusters, 40, 5, 3, seed: 24);
        var ggn = new ExactMlpHessian(model, data, LossKind.Ce).Ggn();
        var grads = PerSampleGradients(model, data, LossKind.Ce);
        var fisher = grads.t().matmul(grads) / data.Count;                               // empirical Fisher (1/N) Σ ∇ℓ_n ∇ℓ_nᵀ
        var kGgn = KfacOperator.ForMlp(model, data.X, data.Y, LossKind.Ce, KfacFisher.Ggn);
        var kEmp = KfacOperator.ForMlp(model, data.X, data.Y, LossKind.Ce, KfacFisher.Empirical);
        for (int l = 1; l <= model.Spec.Depth; l++)
        {
            var seg = model.Layout.Segments[l - 1];
            // The bias entry of ã is 1, so the (b_l, b_l) sub-block of a curvature block is (1/N) Σ B_n = G itself.
            var biasIdx = tensor(Enumerable.Range(0, seg.Rows).Select(i => seg.Offset + (long)i * seg.Cols + seg.WeightCols).ToArray());
            Tensor Sub(Tensor h) => h.index_select(0, biasIdx).index_select(1, biasIdx);
            Assertions.CloseRelativeToMax(Sub(ggn), kGgn.Factors[l - 1].G, 1e-12, $"layer {l}: G vs GGN bias block");
            Assertions.CloseRelativeToMax(Sub(fisher), kEmp.Factors[l - 1].G, 1e-12, $"layer {l}: empirical G vs per-sample-gradient bias block");
            foreach (var (exact, approx, name) in new[] { (Block(ggn, model, l), kGgn.LayerMatrix(l), "GGN"), (Block(fisher, model, l), kEmp.LayerMatrix(l), "empirical") })
            {
                double rel = ((approx - exact).norm() / exact.norm()).item<double>();
                Assert.InRange(rel, 1e-3, 0.9);                                        // an approximation, not the block
            }
        }
    }

    [Fact]
    public void Apply_and_ApplyInverse_agree_with_the_dense_damped_matrix()
    {
        using var scope = NewDisposeScope();
        var (model, data) = ExactTestNets.Create(2, Activation.Tanh, bias: true, seed: 25, samples: 9);
        var k = KfacOperator.ForMlp(model, data.X, data.Y, LossKind.Ce, KfacFisher.Ggn, damping: 0.1);
        var dense = k.Dense();
        var v = randn(k.Dimension, ScalarType.Float64, generator: new Generator(3));
        Assertions.CloseRelativeToMax(dense.matmul(v), k.Apply(v), 1e-13, "Apply");
        Assertions.CloseRelativeToMax(linalg.solve(dense, v), k.ApplyInverse(v), 1e-10, "ApplyInverse vs solve");
        var blocks = block_diag(Enumerable.Range(1, model.Spec.Depth).Select(k.LayerInverse).ToArray());
        Assertions.CloseRelativeToMax(eye(k.Dimension, dtype: ScalarType.Float64), blocks.matmul(dense), 1e-10, "LayerInverse · LayerMatrix");
        Assert.Throws<ArgumentException>(() => KfacOperator.ForMlp(model, data.X, data.Y, LossKind.Ce, KfacFisher.Ggn, damping: -1));
    }
}
