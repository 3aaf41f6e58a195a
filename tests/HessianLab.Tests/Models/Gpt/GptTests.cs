using HessianLab.Curvature;
using HessianLab.Models.Gpt;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Models.Gpt;

[Collection(TorchCollection.Name)]
public sealed class GptTests
{
    private static readonly GptConfig Tiny = new(Vocab: 11, Context: 8, Layers: 1, Heads: 2, Dim: 4);

    [Fact]
    public void At_init_the_loss_is_close_to_log_vocab_and_the_model_is_causal()
    {
        using var scope = NewDisposeScope();
        var gpt = new HessianLab.Models.Gpt.Gpt(Tiny with { Vocab = 97, Dim = 16 }, seed: 1, dtype: ScalarType.Float64);
        using var gen = new Generator(2);
        var ids = randint(0, 97, new long[] { 4, 9 }, ScalarType.Int64, generator: gen);
        Assert.InRange(gpt.Loss(ids).item<double>(), Math.Log(97) - 0.1, Math.Log(97) + 0.1);
        var changed = ids.clone();
        changed[.., 5] = (changed[.., 5] + 1) % 97;
        var a = gpt.forward(ids.narrow(1, 0, 8));
        var b = gpt.forward(changed.narrow(1, 0, 8));
        Assert.True(a.narrow(1, 0, 5).eq(b.narrow(1, 0, 5)).all().item<bool>(), "positions before 5 must not see token 5");
        Assert.False(a.narrow(1, 5, 1).eq(b.narrow(1, 5, 1)).all().item<bool>());
    }

    [Fact]
    public void Hessian_rows_through_attention_and_layernorm_match_finite_differences()
    {
        using var scope = NewDisposeScope();
        var gpt = new HessianLab.Models.Gpt.Gpt(Tiny, seed: 3, dtype: ScalarType.Float64);
        using (no_grad()) foreach (var p in gpt.parameters()) p.mul_(20);   // leave the near-linear regime of the 0.02 init
        using var gen = new Generator(4);
        var ids = randint(0, 11, new long[] { 2, 6 }, ScalarType.Int64, generator: gen);
        var ps = gpt.parameters().ToList();
        using var hess = AutogradHessian.ForModule(gpt, () => gpt.Loss(ids));
        var theta = cat(ps.Select(p => p.detach().reshape(-1)).ToArray(), 0);
        double LossAt(Tensor t)
        {
            using var _ = no_grad();
            long off = 0;
            foreach (var p in ps) { p.copy_(t.narrow(0, off, p.numel()).reshape(p.shape)); off += p.numel(); }
            return gpt.Loss(ids).item<double>();
        }
        // Rows of a few entries in q, v, fc of the block: compare H[i, j] for a 6×6 sub-matrix.
        var names = gpt.named_parameters().Select(np => np.name).ToList();
        long Offset(string n) => ps.Take(names.IndexOf(n)).Sum(p => p.numel());
        var idx = new long[] { Offset("blocks.0.q.weight") + 1, Offset("blocks.0.q.weight") + 6, Offset("blocks.0.v.weight") + 2,
                               Offset("blocks.0.fc.weight") + 3, Offset("blocks.0.ln1.weight"), Offset("head.weight") + 5 };
        var rows = hess.Rows(idx).index_select(1, tensor(idx));
        var sub = tensor(idx);
        var fd = FiniteDifferences.HessianRichardson(t => LossAt(theta.index_put_(t, sub)), theta.index_select(0, sub).clone(), h: 1e-4);
        LossAt(theta);
        Assertions.CloseRelativeToMax(fd, rows, 2e-6, "GPT Hessian sub-matrix vs finite differences"); // Richardson: truncation O(h⁴), rounding ≈ ε·ℓ/(h/2)² ≈ 1e-6 relative
    }

    [Fact]
    public void Matrices_are_listed_by_role_with_separate_q_k_v()
    {
        using var scope = NewDisposeScope();
        var gpt = new HessianLab.Models.Gpt.Gpt(Tiny with { Layers = 2 }, seed: 5);
        var roles = gpt.Matrices().Select(m => m.Role).ToList();
        Assert.Equal(new[] { "tok", "pos", "q", "k", "v", "o", "fc", "proj", "q", "k", "v", "o", "fc", "proj", "head" }, roles);
        Assert.Contains("divisible", Assert.Throws<ArgumentException>(() => new GptConfig(10, Heads: 3, Dim: 8).Validated()).Message);
    }
}
