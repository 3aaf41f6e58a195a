using HessianLab.Curvature;
using HessianLab.Experiments.Transformers;
using HessianLab.Models.Gpt;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Experiments;

/// <summary>E9's extreme eigenvalues of each block H_WW, read from the SLQ probes' Ritz values, against the eigenvalues of
/// the dense block built row by row with autograd.</summary>
[Collection(TorchCollection.Name)]
public sealed class HeterogeneityAnalysisTests
{
    private static (Gpt Model, Tensor Ids) TinyGpt()
    {
        var gpt = new Gpt(new GptConfig(Vocab: 23, Context: 8, Layers: 1, Heads: 2, Dim: 8), seed: 3, dtype: ScalarType.Float64);
        using (no_grad()) foreach (var p in gpt.parameters()) p.mul_(4);   // away from init's nearly flat loss
        using var gen = new Generator(11);
        return (gpt, randint(0, 23, new long[] { 3, 9 }, ScalarType.Int64, generator: gen));
    }

    private static double[] DenseEigenvalues(Gpt gpt, Tensor ids, Tensor weight)
    {
        using var hess = new AutogradHessian(new[] { weight }, () => gpt.Loss(ids), g => g[0].reshape(-1));
        return linalg.eigvalsh(hess.Full()).data<double>().ToArray();
    }

    [Fact]
    public void With_as_many_Lanczos_steps_as_entries_the_extremes_are_the_dense_blocks_extreme_eigenvalues()
    {
        using var scope = NewDisposeScope();
        var (gpt, ids) = TinyGpt();
        var (name, q) = gpt.named_parameters().First(p => p.name.EndsWith("q.weight"));
        Assert.Equal(64, q.numel());
        var outcome = HeterogeneityAnalysis.Run(() => gpt.Loss(ids), new[] { new HeterogeneityAnalysis.Matrix(name, q, 0) },
            probes: 2, lanczosSteps: 64, seed: 5)[0].Numbers;
        var dense = DenseEigenvalues(gpt, ids, q);
        double scale = dense.Max(Math.Abs);
        Assert.Equal(dense.Max(), outcome.TopEigenvalue, 1e-9 * scale);
        Assert.Equal(dense.Min(), outcome.BottomEigenvalue, 1e-9 * scale);
    }

    [Fact]
    public void With_few_steps_the_extremes_lie_inside_the_spectrum_and_near_its_ends()
    {
        using var scope = NewDisposeScope();
        var (gpt, ids) = TinyGpt();
        var (name, fc) = gpt.named_parameters().First(p => p.name.EndsWith("fc.weight"));
        var outcome = HeterogeneityAnalysis.Run(() => gpt.Loss(ids), new[] { new HeterogeneityAnalysis.Matrix(name, fc, 0) },
            probes: 2, lanczosSteps: 16, seed: 5)[0].Numbers;
        var dense = DenseEigenvalues(gpt, ids, fc);
        double scale = dense.Max(Math.Abs);
        // Ritz values interlace: λ_min ≤ every node ≤ λ_max; 16 steps on 256 entries reach the top within a few percent.
        Assert.InRange(outcome.TopEigenvalue, dense.Max() - 0.05 * scale, dense.Max() + 1e-9 * scale);
        Assert.InRange(outcome.BottomEigenvalue, dense.Min() - 1e-9 * scale, dense.Max());
    }
}
