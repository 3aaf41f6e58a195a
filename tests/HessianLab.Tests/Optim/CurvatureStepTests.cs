using HessianLab.Curvature;
using HessianLab.Curvature.Kfac;
using HessianLab.Losses;
using HessianLab.Optim;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Optim;

[Collection(TorchCollection.Name)]
public sealed class CurvatureStepTests
{
    [Fact]
    public void One_block_Newton_step_solves_each_neurons_damped_absolute_Hessian_block_from_double_backward()
    {
        using var scope = NewDisposeScope();
        var (model, data) = OptimFixture.Small(bias: true, seed: 5);
        double lr = 0.7, damping = 0.05;
        var theta0 = model.FlatParameters();
        Tensor h;
        using (var ag = AutogradHessian.ForMlp(model, () => Loss.Compute(LossKind.Ce, model.forward(data.X), data.Y)))
            h = ag.Full().MoveToOuterDisposeScope();
        using var opt = new NeuronBlockNewton(model, data, LossKind.Ce, lr: lr, damping: damping);
        OptimFixture.Step(model, data, opt);
        // The solve written out, from the autograd Hessian and an autograd gradient at θ0.
        var (copy, _) = OptimFixture.Small(bias: true, seed: 5);            // the gradient at θ0, on a fresh copy
        OptimFixture.Backward(copy, data);
        var grad = copy.Layout.Flatten(copy.Weights.Select(w => w.grad!).ToList(), copy.Biases.Select(b => b?.grad).ToList());
        var expected = theta0.clone();
        int blocks = 0;
        foreach (var b in model.Layout.NeuronBlocks())
        {
            var hb = h.narrow(0, b.Start, b.Length).narrow(1, b.Start, b.Length);
            var (evals, evecs) = linalg.eigh(hb);
            var abs = evecs.matmul(diag(evals.abs())).matmul(evecs.t()) + eye(b.Length, dtype: ScalarType.Float64) * damping;
            var step = linalg.solve(abs, grad.narrow(0, b.Start, b.Length));
            expected[TensorIndex.Slice(b.Start, b.Start + b.Length)] = theta0.narrow(0, b.Start, b.Length) - lr * step;
            blocks++;
        }
        Assert.Equal(8 + 7 + 3, blocks);
        Assertions.CloseRelativeToMax(expected, model.FlatParameters(), 1e-10, "θ after one block-Newton step");
    }

    [Fact]
    public void One_Kfac_step_solves_the_damped_Kronecker_blocks_and_with_enough_damping_the_loss_falls()
    {
        using var scope = NewDisposeScope();
        var (model, data) = OptimFixture.Small(bias: true, seed: 6);
        var theta0 = model.FlatParameters();
        var k = KfacOperator.ForMlp(model, data.X, data.Y, LossKind.Ce, KfacFisher.Ggn, damping: 0.01);
        OptimFixture.Backward(model, data);
        var grad = model.Layout.Flatten(model.Weights.Select(w => w.grad!.clone()).ToList(), model.Biases.Select(b => b?.grad!.clone()).ToList());
        var expected = theta0 - 0.5 * linalg.solve(k.Dense(), grad);
        using var opt = new KfacDescent(model, data, LossKind.Ce, lr: 0.5, damping: 0.01, updateInterval: 2);
        double first = OptimFixture.Step(model, data, opt);
        Assertions.CloseRelativeToMax(expected, model.FlatParameters(), 1e-9, "θ after one K-FAC step");
        var (fresh, _) = OptimFixture.Small(bias: true, seed: 6);
        using var damped = new KfacDescent(fresh, data, LossKind.Ce, lr: 0.3, damping: 0.1, updateInterval: 2);
        double last = first;
        for (int t = 0; t < 8; t++) last = OptimFixture.Step(fresh, data, damped);
        Assert.True(last < 0.8 * first, $"loss {first} → {last}");
        Assert.Throws<ArgumentException>(() => new KfacDescent(model, data, LossKind.Ce, updateInterval: 0));
        Assert.Throws<ArgumentException>(() => new NeuronBlockNewton(model, data, LossKind.Ce, damping: -1));
    }
}
