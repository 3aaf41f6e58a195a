using HessianLab.Optim;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Optim;

[Collection(TorchCollection.Name)]
public sealed class MuonTests
{
    [Theory]
    [InlineData(8, 6)]   // tall: (UᵀU)^{-1/2} exists
    [InlineData(3, 6)]   // wide: pseudo-inverse square root
    public void Muon_update_on_row_major_theta_equals_I_m_kron_inverse_root_of_UtU_applied_to_the_Nesterov_momentum(int m, int n)
    {
        using var scope = NewDisposeScope();
        // Gradients with controlled singular values (loss ⟨W, C_t⟩ ⇒ G = C_t) so that NS×12 is converged to the polar factor.
        int k = Math.Min(m, n);
        var w = new TorchSharp.Modules.Parameter(randn(m, n, ScalarType.Float64, generator: new Generator(2)));
        var w0 = w.detach().clone();
        double lr = 0.05, beta = 0.95;
        using var opt = new Muon(new[] { w }, lr: lr, momentum: beta, newtonSchulz: NewtonSchulzKind.Polar12);
        Tensor mom = zeros(m, n, ScalarType.Float64), wPrev = w0;
        for (int t = 0; t < 2; t++)
        {
            var sv = Enumerable.Range(0, k).Select(i => 1.0 + i).ToArray();
            var (c, _, _) = NewtonSchulzTests.WithSingularValues(m, n, sv, seed: 10 + t);
            opt.zero_grad();
            (w * c).sum().backward();
            var g = w.grad!.detach().clone();
            mom = beta * mom + (1 - beta) * g;
            var u = g + beta * (mom - g);                        // Nesterov: lerp(G, M, β)
            opt.step();
            var delta = (w.detach() - wPrev).reshape(-1);           // vec_row(ΔW)
            double scale = Math.Sqrt(Math.Max(1.0, (double)m / n));
            var rowMajor = OptimFixture.Kron(eye(m, dtype: ScalarType.Float64), OptimFixture.SymPower(u.t().matmul(u), -0.5));
            var expected = -lr * scale * rowMajor.matmul(u.reshape(-1));
            Assertions.CloseRelativeToMax(expected, delta, 1e-7, $"step {t}: ΔW vs -η (I_m ⊗ (UᵀU)^(-1/2)) vec_row(U)");
            // The other Kronecker order is not the update on row-major θ.
            var colOrder = OptimFixture.Kron(OptimFixture.SymPower(u.t().matmul(u), -0.5), eye(m, dtype: ScalarType.Float64));
            var wrong = -lr * scale * colOrder.matmul(u.reshape(-1));
            Assert.True((wrong - delta).abs().max().item<double>() > 1e-3 * delta.abs().max().item<double>());
            wPrev = w.detach().clone();
        }
    }

    [Fact]
    public void Weight_decay_is_applied_before_the_update_and_matches_the_formula()
    {
        using var scope = NewDisposeScope();
        var (model, data) = OptimFixture.Small(bias: false);
        var w = model.Weight(2);
        var w0 = w.detach().clone();
        using var opt = new Muon(new[] { w }, lr: 0.1, weightDecay: 0.5, nesterov: false);
        OptimFixture.Backward(model, data);
        var g = w.grad!.detach().clone();
        opt.step();
        var expected = w0 * (1 - 0.1 * 0.5) - 0.1 * NewtonSchulz.Orthogonalize(0.05 * g) * Math.Sqrt(Math.Max(1.0, 7.0 / 8));
        Assertions.AllClose(expected, w.detach(), rtol: 0, atol: 1e-12, what: "W(1−ηλ) − η NS(M) scale");
    }

    [Fact]
    public void Invalid_hyperparameters_and_vectors_are_refused_naming_the_value()
    {
        using var scope = NewDisposeScope();
        var (model, _) = OptimFixture.Small();
        var e1 = Assert.Throws<ArgumentException>(() => new Muon(new[] { model.Weight(1) }, lr: -1));
        Assert.Contains("learning rate: -1", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => new NorMuon(new[] { model.Weight(1) }, beta2: 1.0));
        Assert.Contains("beta2: 1", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => new Muon(new[] { model.Bias(1)! }));
        Assert.Contains("rank ≥ 2", e3.Message);
        var e4 = Assert.Throws<ArgumentException>(() => new AdamWOptimizer(model.parameters(), eps: double.NaN));
        Assert.Contains("eps: NaN", e4.Message);
    }
}
