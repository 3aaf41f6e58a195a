using HessianLab.Optim;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Optim;

[Collection(TorchCollection.Name)]
public sealed class NorMuonTests
{
    [Fact]
    public void Code_rule_first_step_equalizes_row_norms_and_keeps_the_Frobenius_norm_of_O()
    {
        using var scope = NewDisposeScope();
        var (model, data) = OptimFixture.Small(bias: false, widths: new[] { 10, 6, 3 });
        var w = model.Weight(1);   // 6 × 10
        var w0 = w.detach().clone();
        using var opt = new NorMuon(new[] { w }, lr: 0.1, nesterov: false);
        OptimFixture.Backward(model, data);
        var o = NewtonSchulz.Orthogonalize(0.05 * w.grad!.detach());
        opt.step();
        var delta = w.detach() - w0;
        // v = (1−β₂)‖O_i‖²/n ⇒ O_i/√v_i has norm √(n/(1−β₂)) for every row; rescaled to ‖O‖_F ⇒ each row ‖O‖_F/√m.
        double rowTarget = 0.1 * o.norm().item<double>() / Math.Sqrt(6);   // scale √max(1, 6/10) = 1
        var rowNorms = delta.norm(1);
        Assertions.AllClose(full(6, rowTarget, ScalarType.Float64), rowNorms, rtol: 1e-8, what: "row norms of ΔW");
        // Rows of NS(G) differ in norm before NorMuon (otherwise the test would be vacuous).
        var oRows = o.norm(1);
        Assert.True((oRows.max() - oRows.min()).item<double>() > 0.05 * oRows.mean().item<double>());
    }

    [Fact]
    public void Code_rule_over_three_steps_matches_the_recurrence_written_out()
    {
        using var scope = NewDisposeScope();
        var (model, data) = OptimFixture.Small(bias: false);
        var w = model.Weight(1);   // 8 × 6: scale √(8/6)
        using var opt = new NorMuon(new[] { w }, lr: 0.03, momentum: 0.9, beta2: 0.8, weightDecay: 0.1);
        Tensor mom = zeros(8, 6, ScalarType.Float64), v = zeros(8, ScalarType.Float64);
        for (int t = 0; t < 3; t++)
        {
            OptimFixture.Backward(model, data);
            var g = w.grad!.detach().clone();
            var wExpected = w.detach().clone();
            mom = 0.9 * mom + 0.1 * g;
            var o = NewtonSchulz.Orthogonalize(g + 0.9 * (mom - g));
            v = 0.8 * v + 0.2 * (o * o).mean(new long[] { 1 });
            var hat = o / (v.sqrt().unsqueeze(1) + 1e-10);
            hat = hat * (o.norm() / (hat.norm() + 1e-10)) * Math.Sqrt(8.0 / 6);
            wExpected = wExpected * (1 - 0.03 * 0.1) - 0.03 * hat;
            opt.step();
            Assertions.AllClose(wExpected, w.detach(), rtol: 0, atol: 1e-12, what: $"step {t}");
        }
    }

    [Fact]
    public void Paper_rule_first_step_has_equal_row_norms_and_update_RMS_0_2_lr()
    {
        using var scope = NewDisposeScope();
        var (model, data) = OptimFixture.Small(bias: false);
        var w = model.Weight(2);   // 7 × 8
        var w0 = w.detach().clone();
        using var opt = new NorMuon(new[] { w }, lr: 0.1, stepRule: NorMuonStepRule.Paper);
        Assert.Contains("paper rule", opt.Label);
        OptimFixture.Backward(model, data);
        opt.step();
        var delta = w.detach() - w0;
        double rms = delta.pow(2).mean().sqrt().item<double>();
        Assert.InRange(rms, 0.02 * (1 - 1e-9), 0.02 * (1 + 1e-9));
        var rows = delta.norm(1);
        Assertions.AllClose(full(7, rows.mean().item<double>(), ScalarType.Float64), rows, rtol: 1e-8, what: "row norms");
    }
}
