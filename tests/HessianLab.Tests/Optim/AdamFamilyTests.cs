using HessianLab.Optim;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Optim;

[Collection(TorchCollection.Name)]
public sealed class AdamFamilyTests
{
    private static Tensor Theta(HessianLab.Models.Mlp m) => m.FlatParameters();

    [Fact]
    public void AdamW_matches_TorchSharps_AdamW_step_for_step()
    {
        using var scope = NewDisposeScope();
        var (a, data) = OptimFixture.Small(seed: 4);
        var (b, _) = OptimFixture.Small(seed: 4);
        using var ours = new AdamWOptimizer(a.parameters(), lr: 0.01, beta1: 0.8, beta2: 0.9, eps: 1e-6, weightDecay: 0.1);
        using var theirs = torch.optim.AdamW(b.parameters(), lr: 0.01, beta1: 0.8, beta2: 0.9, eps: 1e-6, weight_decay: 0.1);
        for (int t = 0; t < 8; t++)
        {
            double la = OptimFixture.Step(a, data, ours), lb = OptimFixture.Step(b, data, theirs);
            Assert.Equal(lb, la, 12);
            Assertions.AllClose(Theta(b), Theta(a), rtol: 1e-12, atol: 1e-15, what: $"θ after step {t}");
        }
    }

    [Fact]
    public void AdamMini_with_one_block_per_element_equals_AdamW()
    {
        using var scope = NewDisposeScope();
        var (a, data) = OptimFixture.Small(seed: 5);
        var (b, _) = OptimFixture.Small(seed: 5);
        var named = a.named_parameters().Select(np => (np.name, np.parameter));
        using var mini = new AdamMini(AdamMiniPartition.PerElement(named), lr: 0.01, beta2: 0.95, weightDecay: 0.05);
        using var adamw = new AdamWOptimizer(b.parameters(), lr: 0.01, beta2: 0.95, weightDecay: 0.05);
        for (int t = 0; t < 6; t++)
        {
            OptimFixture.Step(a, data, mini); OptimFixture.Step(b, data, adamw);
            Assertions.AllClose(Theta(b), Theta(a), rtol: 1e-12, atol: 1e-15, what: $"θ after step {t}");
        }
    }

    [Fact]
    public void AdamMini_by_rows_uses_one_second_moment_per_neuron_as_written()
    {
        using var scope = NewDisposeScope();
        var (model, data) = OptimFixture.Small(seed: 6);
        using var opt = new AdamMini(AdamMiniPartition.ForMlp(model), lr: 0.02, beta1: 0.9, beta2: 0.99, eps: 1e-8);
        Assert.Equal(8 + 8 + 7 + 7 + 3 + 3, opt.Assignments.Sum(x => x.BlockCount));   // rows for W, elements for b
        var w = model.Weight(1);
        Tensor m = zeros(8, 6, ScalarType.Float64), v = zeros(8, ScalarType.Float64);
        for (int t = 1; t <= 3; t++)
        {
            OptimFixture.Backward(model, data);
            var g = w.grad!.detach().clone();
            var expected = w.detach().clone();
            m = 0.9 * m + 0.1 * g;
            v = 0.99 * v + 0.01 * (g * g).mean(new long[] { 1 });
            var denom = (v / (1 - Math.Pow(0.99, t))).sqrt().unsqueeze(1) + 1e-8;
            expected = expected - 0.02 * (m / (1 - Math.Pow(0.9, t))) / denom;
            opt.step();
            Assertions.AllClose(expected, w.detach(), rtol: 0, atol: 1e-13, what: $"W1 at step {t}");
        }
    }

    [Fact]
    public void The_partition_API_expresses_heads_tokens_tensors_and_elements_and_refuses_misfits()
    {
        using var scope = NewDisposeScope();
        var q = new TorchSharp.Modules.Parameter(zeros(16, 16));
        var emb = new TorchSharp.Modules.Parameter(zeros(50, 16));
        var gain = new TorchSharp.Modules.Parameter(ones(16));
        var bias = new TorchSharp.Modules.Parameter(zeros(16));
        var part = new AdamMiniPartition().Heads("q", q, 4).Tokens("emb", emb).Tensor("gain", gain).Elements("bias", bias);
        Assert.Equal(new long[] { 4, 50, 1, 16 }, part.Entries.Select(e => e.BlockCount).ToArray());
        var e1 = Assert.Throws<ArgumentException>(() => new AdamMiniPartition().Heads("q", q, 5));
        Assert.Contains("heads: 5", e1.Message);
        Assert.Throws<ArgumentException>(() => new AdamMiniPartition().Rows("gain", gain));
        Assert.Throws<ArgumentException>(() => part.Elements("again", bias));
        using var opt = new AdamMini(part);
        var stray = new TorchSharp.Modules.Parameter(zeros(3, 3));
        var e2 = Assert.Throws<ArgumentException>(() => opt.add_param_group(new TorchSharp.Modules.ParamGroup<AdamOptions>(new[] { stray }, null!)));
        Assert.Contains("no block rule", e2.Message);
    }

    [Fact]
    public void Moment_buffers_are_float32_or_wider_for_low_precision_parameters()
    {
        using var scope = NewDisposeScope();
        var p = new TorchSharp.Modules.Parameter(ones(4, 3, ScalarType.BFloat16));
        Assert.Equal(ScalarType.Float32, BufferState.StateDType(p.dtype));
        using var opt = new AdamWOptimizer(new[] { p });
        var sd = opt.state_dict();
        Assert.All(((BufferState)sd.State[0]).Buffers, b => Assert.Equal(ScalarType.Float32, b.dtype));
        (p.to(ScalarType.Float32) * 2).sum().backward();
        opt.step();
        Assert.Equal(ScalarType.BFloat16, p.dtype);
        Assert.True(((BufferState)sd.State[0]).Buffers[0].abs().sum().item<float>() > 0);
    }
}
