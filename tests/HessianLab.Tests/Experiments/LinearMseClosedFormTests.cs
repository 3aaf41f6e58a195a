using HessianLab.Curvature;
using HessianLab.Experiments.Hessians;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Problems;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.Experiments;

/// <summary>E4's block-wise MSE check against the dense computation it replaces: kron(I_C, XᵀX/N)·(2/C), H minus it,
/// and H minus its block diagonal, on the autograd Hessian of y = W x.</summary>
[Collection(TorchCollection.Name)]
public sealed class LinearMseClosedFormTests
{
    private static (double Max, double Diff, double Off) Dense(Tensor h, Tensor x, int c)
    {
        long n = x.shape[0], d = x.shape[1];
        var expected = kron(eye(c, dtype: ScalarType.Float64), x.t().matmul(x) / n) * (2.0 / c);
        double max = h.abs().max().item<double>();
        var diagonal = block_diag(Enumerable.Range(0, c).Select(i => h.narrow(0, i * d, d).narrow(1, i * d, d)).ToArray());
        return (max, (h - expected).abs().max().item<double>() / max, (h - diagonal).abs().max().item<double>() / max);
    }

    private static (Tensor H, Tensor X) AutogradLinearMse(int d, int c, int n)
    {
        var setup = MlpPresets.Theory(new[] { d, c }, n, seed: 3, loss: LossKind.Mse) with { Activation = Activation.Identity };
        var (model, data) = setup.Create();
        using var hess = AutogradHessian.ForMlp(model, () => Loss.Compute(LossKind.Mse, model.forward(data.X), data.Y));
        return (hess.Full().clone(), data.X);
    }

    [Fact]
    public void Equals_the_dense_check_bit_for_bit_on_the_autograd_Hessian()
    {
        using var scope = NewDisposeScope();
        var (h, x) = AutogradLinearMse(5, 7, 40);
        var fast = LinearMseClosedForm.Compare(h, x, 7);
        var dense = Dense(h, x, 7);
        Assert.Equal(dense.Max, fast.MaxAbs);
        Assert.Equal(dense.Diff, fast.RelativeDifference);
        Assert.Equal(dense.Off, fast.RelativeOffBlock);
        Assert.True(fast.RelativeDifference < 1e-14, $"autograd H differs from the closed form by {fast.RelativeDifference:E2}");
        Assert.Equal(0, fast.RelativeOffBlock);
    }

    [Fact]
    public void Catches_an_off_block_entry_and_a_wrong_diagonal_block_as_the_dense_check_does()
    {
        using var scope = NewDisposeScope();
        var (h, x) = AutogradLinearMse(4, 6, 30);
        double max = h.abs().max().item<double>();
        h[9, 22] = tensor(-0.25 * max, ScalarType.Float64);   // row block 2, column block 5
        h[13, 14] += 0.125 * max;                               // inside diagonal block 3
        var fast = LinearMseClosedForm.Compare(h, x, 6);
        var dense = Dense(h, x, 6);
        Assert.Equal(dense.Off, fast.RelativeOffBlock);
        Assert.Equal(dense.Diff, fast.RelativeDifference);
        Assert.Equal(0.25, fast.RelativeOffBlock, 12);
        Assert.True(fast.RelativeDifference >= 0.25);
    }

    [Fact]
    public void Refuses_a_Hessian_whose_size_is_not_C_times_d()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => LinearMseClosedForm.Compare(zeros(10, 10, dtype: ScalarType.Float64), zeros(3, 4, dtype: ScalarType.Float64), 3));
    }
}
