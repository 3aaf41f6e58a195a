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

    [Fact]
    public void Benchmark_rule_on_a_wide_matrix_equalizes_column_norms_on_the_first_step()
    {
        using var scope = NewDisposeScope();
        var (model, data) = OptimFixture.Small(bias: false, widths: new[] { 10, 6, 3 });
        var w = model.Weight(1);   // 6 × 10: wide, so one statistic per column
        var w0 = w.detach().clone();
        using var opt = new NorMuon(new[] { w }, lr: 0.1, nesterov: false, stepRule: NorMuonStepRule.Benchmark);
        Assert.Contains("benchmark rule", opt.Label);
        OptimFixture.Backward(model, data);
        var o = NewtonSchulz.Orthogonalize(0.05 * w.grad!.detach());
        opt.step();
        var delta = w.detach() - w0;
        // v_j = (1−β₂)‖O_:j‖²/m ⇒ every column of O·rsqrt(v) has the same norm; rescaled to ‖O‖_F ⇒ ‖O‖_F/√n each.
        double columnTarget = 0.1 * o.norm().item<double>() / Math.Sqrt(10);
        Assertions.AllClose(full(10, columnTarget, ScalarType.Float64), delta.norm(0), rtol: 1e-8, what: "column norms of ΔW");
        var rows = delta.norm(1);
        Assert.True((rows.max() - rows.min()).item<double>() > 1e-3 * rows.mean().item<double>(), "rows are not what the benchmark rule equalizes");
    }

    [Theory]
    [InlineData(1)]   // 8 × 6: tall, per row
    [InlineData(2)]   // 7 × 8: wide, per column
    public void Benchmark_rule_over_three_steps_matches_the_recurrence_written_out(int layer)
    {
        using var scope = NewDisposeScope();
        var (model, data) = OptimFixture.Small(bias: false);
        var w = model.Weight(layer);
        long m = w.shape[0], n = w.shape[1];
        bool perColumn = m < n;
        using var opt = new NorMuon(new[] { w }, lr: 0.03, momentum: 0.9, beta2: 0.8, weightDecay: 0.1, stepRule: NorMuonStepRule.Benchmark);
        Tensor mom = zeros(m, n, ScalarType.Float64), v = zeros(perColumn ? n : m, ScalarType.Float64);
        for (int t = 0; t < 3; t++)
        {
            OptimFixture.Backward(model, data);
            var g = w.grad!.detach().clone();
            var wExpected = w.detach().clone();
            mom = 0.9 * mom + 0.1 * g;
            var o = NewtonSchulz.Orthogonalize(g + 0.9 * (mom - g));
            v = 0.8 * v + 0.2 * (o * o).mean(new long[] { perColumn ? 0 : 1 });
            var step = v.clamp_min(1e-10).rsqrt();
            var hat = o * (perColumn ? step.unsqueeze(0) : step.unsqueeze(1));
            hat = hat * (o.norm() / hat.norm()) * Math.Sqrt(Math.Max(1.0, (double)m / n));
            wExpected = wExpected * (1 - 0.03 * 0.1) - 0.03 * hat;
            opt.step();
            Assertions.AllClose(wExpected, w.detach(), rtol: 0, atol: 1e-12, what: $"layer {layer} step {t}");
        }
    }
}
