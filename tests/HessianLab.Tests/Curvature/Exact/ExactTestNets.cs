using HessianLab.Curvature;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using static TorchSharp.torch;

namespace HessianLab.Tests.Curvature.Exact;

/// <summary>Small seeded networks + data for the exact-engine tests, and the autograd reference.</summary>
internal static class ExactTestNets
{
    /// <summary>A random MLP of the given depth with odd, seeded widths (C forced when given) and its data.</summary>
    public static (Mlp Model, Dataset Data) Create(int depth, Activation act, bool bias, int seed, int? classes = null, int samples = 7)
    {
        var rng = new Random(seed);
        var widths = new int[depth + 1];
        for (int i = 0; i <= depth; i++) widths[i] = rng.Next(1, 5);
        widths[0] = rng.Next(2, 5);
        widths[depth] = classes ?? rng.Next(2, 5);
        // Torch init draws biases ≠ 0, so the bias columns are exercised with non-trivial values.
        var model = new Mlp(new MlpSpec(widths, act, bias, InitScheme.Torch), seed: seed);
        var data = SyntheticData.Create(DataKind.Gaussian, samples, widths[0], widths[depth], seed: seed + 100);
        return (model, data);
    }

    /// <summary>The paper's method: H row by row through double backward (θ in the layout's order).</summary>
    public static Tensor Autograd(Mlp model, Dataset data, LossKind loss)
    {
        // AutogradHessian keeps its own dispose scope open while alive: move the result out before disposing it.
        using var h = AutogradHessian.ForMlp(model, () => Loss.Compute(loss, model.forward(data.X), data.Y));
        return h.Full().MoveToOuterDisposeScope();
    }
}
