using HessianLab.Curvature;
using HessianLab.Models.Gpt;
using HessianLab.Models.Gpt2;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Curvature;

/// <summary>The closed-form softmax head (<see cref="SoftmaxHeadHessian"/>) against the plain double backward through
/// cross_entropy (<see cref="AutogradHessian"/>) and against central differences of the gradient.</summary>
[Collection(TorchCollection.Name)]
public sealed class SoftmaxHeadHessianTests
{
    private static Tensor Flatten(IReadOnlyList<Tensor> g) => cat(g.Select(x => x.reshape(-1)).ToArray(), 0);

    private static double Relative(Tensor actual, Tensor expected) => ((actual - expected).norm() / expected.norm()).item<double>();

    /// <summary>A GPT in float64 with weights scaled up from the 0.02 init (curvature not dominated by the head alone)
    /// and a batch of random tokens.</summary>
    private static (HessianLab.Models.Gpt.Gpt Model, Tensor Ids) ScaledGpt(int vocab, long seed)
    {
        var gpt = new HessianLab.Models.Gpt.Gpt(new GptConfig(Vocab: vocab, Context: 8, Layers: 1, Heads: 2, Dim: 8), seed, ScalarType.Float64);
        using (no_grad()) foreach (var p in gpt.parameters()) p.mul_(10);
        using var gen = new Generator((ulong)seed + 1);
        return (gpt, randint(0, vocab, new long[] { 3, 8 }, ScalarType.Int64, generator: gen));
    }

    [Fact]
    public void On_a_GPT_the_closed_form_head_gives_the_plain_double_backward_Hessian_vector_products_to_1e_minus_12()
    {
        using var scope = NewDisposeScope();
        var (gpt, ids) = ScaledGpt(vocab: 37, seed: 1);
        var ps = gpt.parameters().Cast<Tensor>().ToList();
        using var plain = new AutogradHessian(ps, () => gpt.Loss(ids), Flatten);
        using var closed = new SoftmaxHeadHessian(ps, () => gpt.FeaturesAndTargets(ids), gpt.HeadWeight);

        Assert.Equal(plain.LossValue, closed.LossValue, 12);
        Assert.True(Relative(closed.Gradient(), plain.Gradient()) < 1e-13, "gradients differ");
        using var gen = new Generator(9);
        for (int k = 0; k < 3; k++)
        {
            var v = randn(new[] { plain.Dimension }, ScalarType.Float64, generator: gen);
            double error = Relative(closed.Apply(v), plain.Apply(v));
            Assert.True(error < 1e-12, $"product {k}: closed form vs plain double backward {error:E2}");
        }
        var rows = new long[] { 0, 5, plain.Dimension / 2, plain.Dimension - 1 };   // tok, …, head
        double rowError = Relative(closed.Rows(rows), plain.Rows(rows));
        Assert.True(rowError < 1e-12, $"rows: {rowError:E2}");
    }

    [Fact]
    public void On_a_GPT_the_closed_form_head_products_match_central_differences_of_the_gradient()
    {
        using var scope = NewDisposeScope();
        var (gpt, ids) = ScaledGpt(vocab: 23, seed: 4);
        var ps = gpt.parameters().Cast<Tensor>().ToList();
        using var closed = new SoftmaxHeadHessian(ps, () => gpt.FeaturesAndTargets(ids), gpt.HeadWeight);
        using var gen = new Generator(5);
        var v = randn(new[] { closed.Dimension }, ScalarType.Float64, generator: gen);
        var hv = closed.Apply(v);

        // (g(θ+εv) − g(θ−εv))/(2ε) with g from autograd through cross_entropy: an independent reference.
        double eps = 1e-5 / v.norm().item<double>();
        Tensor GradientAt(double step)
        {
            long off = 0;
            using (no_grad()) foreach (var p in ps) { p.add_(v.narrow(0, off, p.numel()).view(p.shape), alpha: step); off += p.numel(); }
            Tensor g;
            using (enable_grad()) g = Flatten(autograd.grad(new[] { gpt.Loss(ids) }, ps).ToList());
            off = 0;
            using (no_grad()) foreach (var p in ps) { p.add_(v.narrow(0, off, p.numel()).view(p.shape), alpha: -step); off += p.numel(); }
            return g.detach();
        }
        var fd = (GradientAt(eps) - GradientAt(-eps)) / (2 * eps);
        double error = Relative(hv, fd);
        Assert.True(error < 1e-6, $"closed form vs central differences: {error:E2}");   // float64: ε² truncation + rounding/ε ≈ 1e-9
    }

    [Fact]
    public void On_GPT2_with_its_tied_head_the_closed_form_sums_both_paths_of_wte()
    {
        using var scope = NewDisposeScope();
        using var model = new Gpt2Model(new Gpt2Config(VocabSize: 29, Positions: 6, Embedding: 8, Layers: 1, Heads: 2), seed: 3, dtype: ScalarType.Float64);
        using (no_grad()) foreach (var p in model.parameters()) p.mul_(10);
        using var gen = new Generator(6);
        var ids = randint(0, 29, new long[] { 2, 6 }, ScalarType.Int64, generator: gen);
        var ps = model.parameters().Cast<Tensor>().ToList();
        using var plain = new AutogradHessian(ps, () => model.Loss(ids), Flatten);
        using var closed = new SoftmaxHeadHessian(ps, () => model.FeaturesAndTargets(ids), model.TokenEmbedding);
        // wte's own block (embedding and head paths and their cross terms): its rows come first in θ.
        var wteRows = Enumerable.Range(0, 12).Select(i => (long)i * 19).ToArray();
        double rowError = Relative(closed.Rows(wteRows), plain.Rows(wteRows));
        Assert.True(rowError < 1e-12, $"wte rows: closed form vs plain double backward {rowError:E2}");
        var v = randn(new[] { plain.Dimension }, ScalarType.Float64, generator: gen);
        double error = Relative(closed.Apply(v), plain.Apply(v));
        Assert.True(error < 1e-12, $"product: {error:E2}");
    }

    [Fact]
    public void With_the_head_held_fixed_the_rows_of_the_trunk_matrices_equal_the_plain_sub_Hessian()
    {
        // E8's use: differentiate w.r.t. a few trunk matrices only; the head weight is not among the parameters.
        using var scope = NewDisposeScope();
        var (gpt, ids) = ScaledGpt(vocab: 31, seed: 8);
        var byName = gpt.named_parameters().ToDictionary(np => np.name, np => (Tensor)np.parameter);
        var ps = new[] { byName["blocks.0.q.weight"], byName["blocks.0.fc.weight"] };
        using var plain = new AutogradHessian(ps, () => gpt.Loss(ids), Flatten);
        using var closed = new SoftmaxHeadHessian(ps, () => gpt.FeaturesAndTargets(ids), gpt.HeadWeight);
        var rows = new long[] { 0, 7, 64, 70, 100 };
        double error = Relative(closed.Rows(rows, columns: rows), plain.Rows(rows, columns: rows));
        Assert.True(error < 1e-12, $"sub-matrix: {error:E2}");
        Assert.True(Relative(closed.Gradient(), plain.Gradient()) < 1e-13, "gradients differ");
    }

    [Fact]
    public void Targets_out_of_range_or_of_the_wrong_shape_are_refused_before_any_backward()
    {
        using var scope = NewDisposeScope();
        var w = ones(new long[] { 3, 2 }, ScalarType.Float64).requires_grad_(true);
        var a = ones(new long[] { 2, 2 }, ScalarType.Float64).requires_grad_(true);
        var x = ones(new long[] { 4, 2 }, ScalarType.Float64);
        var ps = new[] { a, w };
        (Tensor, Tensor) Problem(Tensor y) => (x.mm(a), y);
        var high = Assert.Throws<ArgumentException>(() => new SoftmaxHeadHessian(ps, () => Problem(tensor(new long[] { 0, 1, 2, 3 })), w));
        Assert.Contains("[0, 3)", high.Message);
        var shape = Assert.Throws<ArgumentException>(() => new SoftmaxHeadHessian(ps, () => Problem(tensor(new long[] { 0, 1 })), w));
        Assert.Equal("targets", shape.ParamName);
        var type = Assert.Throws<ArgumentException>(() => new SoftmaxHeadHessian(ps, () => Problem(tensor(new[] { 0.0, 1, 2, 0 })), w));
        Assert.Contains("int64", type.Message);
        var width = Assert.Throws<ArgumentException>(() => new SoftmaxHeadHessian(ps, () => (ones(4, 3, dtype: ScalarType.Float64), tensor(new long[] { 0, 1, 2, 0 })), w));
        Assert.Equal("features", width.ParamName);
        var frozen = zeros(3).requires_grad_(false);
        Assert.Throws<ArgumentException>(() => new SoftmaxHeadHessian(new[] { frozen }, () => Problem(tensor(new long[] { 0, 1, 2, 0 })), w));
    }
}
