using HessianLab.Curvature;
using HessianLab.Models.Gpt2;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Models.Gpt2;

[Collection(TorchCollection.Name)]
public sealed class Gpt2ModelTests
{
    private static readonly Gpt2Config Tiny = new(VocabSize: 11, Positions: 6, Embedding: 8, Layers: 2, Heads: 2);

    [Fact]
    public void An_HVP_by_double_backward_matches_central_differences_of_the_gradient()
    {
        // Given a 2-layer GPT-2 in float64 out of the near-linear init regime, and a batch of 2 × 6 tokens.
        using var scope = NewDisposeScope();
        using var model = new Gpt2Model(Tiny, seed: 3, dtype: ScalarType.Float64);
        using (no_grad()) foreach (var (name, p) in model.named_parameters()) if (!name.Contains("ln_")) p.mul_(15);
        using var gen = new Generator(5);
        var ids = randint(0, 11, new long[] { 2, 6 }, ScalarType.Int64, generator: gen);
        var ps = model.parameters().Cast<Tensor>().ToList();
        var v = randn(new long[] { ps.Sum(p => p.numel()) }, ScalarType.Float64, generator: gen);

        // When: H v by double backward, and (g(θ + εv) − g(θ − εv)) / 2ε.
        using var hessian = AutogradHessian.ForModule(model, () => model.Loss(ids));
        var hv = hessian.Apply(v);
        Tensor GradientAt(double step)
        {
            long off = 0;
            using (no_grad()) foreach (var p in ps) { p.add_(v.narrow(0, off, p.numel()).view(p.shape), alpha: step); off += p.numel(); }
            var g = cat(autograd.grad(new[] { model.Loss(ids) }, ps).Select(x => x.reshape(-1)).ToArray(), 0).detach();
            off = 0;
            using (no_grad()) foreach (var p in ps) { p.add_(v.narrow(0, off, p.numel()).view(p.shape), alpha: -step); off += p.numel(); }
            return g;
        }
        double eps = 1e-5 / v.norm().item<double>();
        var fd = (GradientAt(eps) - GradientAt(-eps)) / (2 * eps);

        // Then: central differences have error O(ε²) + rounding/ε ≈ 1e-9 relative here.
        Assert.True(hv.norm().item<double>() > 1e-3, "the product must not be trivially zero");
        Assertions.CloseRelativeToMax(fd, hv, 1e-6, "GPT-2 HVP vs central differences");
    }

    [Fact]
    public void Positions_before_k_do_not_see_token_k_and_init_loss_is_near_log_vocab()
    {
        using var scope = NewDisposeScope();
        using var model = new Gpt2Model(Tiny with { VocabSize = 97, Embedding = 16 }, seed: 1, dtype: ScalarType.Float64);
        using var gen = new Generator(2);
        var ids = randint(0, 97, new long[] { 3, 6 }, ScalarType.Int64, generator: gen);
        Assert.InRange(model.Loss(ids).item<double>(), Math.Log(97) - 0.1, Math.Log(97) + 0.1);
        var changed = ids.clone();
        changed[.., 3] = (changed[.., 3] + 1) % 97;
        var a = model.forward(ids);
        var b = model.forward(changed);
        Assert.True(a.narrow(1, 0, 3).eq(b.narrow(1, 0, 3)).all().item<bool>(), "positions before 3 must not see token 3");
        Assert.False(a.narrow(1, 3, 1).eq(b.narrow(1, 3, 1)).all().item<bool>());
    }

    [Fact]
    public void Converting_a_float32_model_to_float64_keeps_its_function()
    {
        using var scope = NewDisposeScope();
        using var model = new Gpt2Model(Tiny, seed: 4, dtype: ScalarType.Float32);
        var ids = tensor(new long[] { 1, 5, 9, 2 }).unsqueeze(0);
        var before = model.forward(ids).to_type(ScalarType.Float64);
        model.to(ScalarType.Float64);
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        Assertions.AllClose(before, model.forward(ids), rtol: 1e-5, atol: 1e-6, what: "logits after .to(float64)");
    }

    [Fact]
    public void The_124M_shape_has_the_published_parameter_count()
    {
        // GPT-2 small: 124,439,808 parameters with the head tied (Radford et al. 2019; Hugging Face "gpt2").
        Assert.Equal(124_439_808L, Gpt2Config.Small124M.ParameterCount);
        using var model = new Gpt2Model(Tiny, seed: 0);
        Assert.Equal(Tiny.ParameterCount, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Sequences_longer_than_the_positions_and_bad_sizes_are_argument_errors()
    {
        using var model = new Gpt2Model(Tiny, seed: 0);
        Assert.Contains("exceeds n_positions 6", Assert.Throws<ArgumentException>(() => model.forward(zeros(1, 7, dtype: ScalarType.Int64))).Message);
        Assert.Contains("not divisible", Assert.Throws<ArgumentException>(() => new Gpt2Config(11, 6, 9, 1, 2).Validated()).Message);
    }
}
