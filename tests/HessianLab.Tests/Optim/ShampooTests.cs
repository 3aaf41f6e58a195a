using HessianLab.Losses;
using HessianLab.Optim;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Optim;

[Collection(TorchCollection.Name)]
public sealed class ShampooTests
{
    /// <summary>(S + εI)^{-1/p} written out: eigh, λ^{-1/p}, V diag Vᵀ.</summary>
    private static Tensor Root(Tensor s, double eps, double p)
    {
        var (evals, evecs) = linalg.eigh(s + eye(s.shape[0], dtype: ScalarType.Float64) * eps);
        return evecs.matmul(diag(evals.pow(-1.0 / p))).matmul(evecs.t());
    }

    [Fact]
    public void Steps_follow_the_recurrence_with_stale_roots_momentum_weight_decay_and_the_diagonal_fallback_for_biases()
    {
        using var scope = NewDisposeScope();
        var (model, data) = OptimFixture.Small(bias: true, seed: 3);
        var (reference, _) = OptimFixture.Small(bias: true, seed: 3);
        double lr = 0.05, eps = 1e-3, beta = 0.5, wd = 0.1;
        int interval = 2;
        using var opt = new Shampoo(model.parameters(), lr: lr, eps: eps, updateInterval: interval, momentum: beta, weightDecay: wd);
        var ps = reference.OrderedParameters();
        var stats = ps.Select(p => p.dim() >= 2
            ? new[] { zeros(p.shape[0], p.shape[0], ScalarType.Float64), zeros(p.shape[1], p.shape[1], ScalarType.Float64) }
            : new[] { zeros(p.shape[0], ScalarType.Float64) }).ToList();
        var roots = new Tensor[ps.Count][];
        var moms = ps.Select(p => zeros_like(p).detach()).ToList();
        for (int t = 1; t <= 5; t++)
        {
            OptimFixture.Step(model, data, opt);
            foreach (var p in reference.parameters()) p.grad?.zero_();
            Loss.Compute(LossKind.Ce, reference.forward(data.X), data.Y).backward();
            using (no_grad())
                for (int i = 0; i < ps.Count; i++)
                {
                    var g = ps[i].grad!.detach().clone();
                    moms[i] = beta * moms[i] + (1 - beta) * g;
                    Tensor d;
                    if (ps[i].dim() >= 2)
                    {
                        stats[i][0] = stats[i][0] + g.matmul(g.t());
                        stats[i][1] = stats[i][1] + g.t().matmul(g);
                        if (t % interval == 1) roots[i] = new[] { Root(stats[i][0], eps, 4), Root(stats[i][1], eps, 4) };
                        d = roots[i][0].matmul(moms[i]).matmul(roots[i][1]);
                    }
                    else
                    {
                        stats[i][0] = stats[i][0] + g * g;
                        d = moms[i] / (stats[i][0] + eps).sqrt();
                    }
                    ps[i].copy_(ps[i] * (1 - lr * wd) - lr * d);
                }
            Assertions.AllClose(reference.FlatParameters(), model.FlatParameters(), rtol: 0, atol: 1e-12, what: $"θ after step {t}");
        }
    }

    [Theory]
    [InlineData(5, 9)]
    [InlineData(9, 5)]
    public void The_first_step_with_vanishing_eps_is_the_polar_factor_that_Muon_approximates(int m, int n)
    {
        using var scope = NewDisposeScope();
        var w = new TorchSharp.Modules.Parameter(randn(m, n, ScalarType.Float64, generator: new Generator(4)));
        var w0 = w.detach().clone();
        var c = randn(m, n, ScalarType.Float64, generator: new Generator(5));
        using var opt = new Shampoo(new[] { w }, lr: 1.0, eps: 1e-14);
        (w * c).sum().backward();                              // G = C
        opt.step();
        Assertions.CloseRelativeToMax(-MuonMath.PolarFactor(c), w.detach() - w0, 1e-6, "ΔW vs −U Vᵀ of G");
    }

    [Fact]
    public void Invalid_hyperparameters_are_refused_naming_the_value()
    {
        using var scope = NewDisposeScope();
        var (model, _) = OptimFixture.Small();
        Assert.Contains("eps: 0", Assert.Throws<ArgumentException>(() => new Shampoo(model.parameters(), eps: 0)).Message);
        Assert.Contains("update interval: 0", Assert.Throws<ArgumentException>(() => new Shampoo(model.parameters(), updateInterval: 0)).Message);
        Assert.Contains("momentum: 1", Assert.Throws<ArgumentException>(() => new Shampoo(model.parameters(), momentum: 1)).Message);
    }
}
