using HessianLab.Experiments.LanguageModel;
using HessianLab.Experiments.Transformers;

namespace HessianLab.Tests.Experiments;

public sealed class RoleEnergyAndSignificanceTests
{
    [Fact]
    public void Role_ratios_pool_the_same_matrix_pairs_of_each_role_over_layers()
    {
        // Neurons: q0[0], q0[1] | q1[0], q1[1] | v0[0], v0[1], v0[2]. Energies by hand.
        var selection = new[]
        {
            new NeuronSelection("blocks.0.q.weight", "q", 0, 4, new[] { 0, 1 }),
            new NeuronSelection("blocks.1.q.weight", "q", 16, 4, new[] { 0, 1 }),
            new NeuronSelection("blocks.0.v.weight", "v", 32, 4, new[] { 0, 1, 2 }),
        };
        int n = 7;
        var e = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) e[i * n + j] = 1000;   // cross-matrix pairs: must be ignored
        e[0 * n + 0] = 10; e[1 * n + 1] = 30; e[0 * n + 1] = 2; e[1 * n + 0] = 2;      // matrix q0
        e[2 * n + 2] = 50; e[3 * n + 3] = 70; e[2 * n + 3] = 6; e[3 * n + 2] = 6;      // matrix q1
        for (int i = 4; i < 7; i++) for (int j = 4; j < 7; j++) e[i * n + j] = i == j ? 9 : 3;   // matrix v0
        var r = RoleEnergy.Ratios(e, selection);
        Assert.Equal((10 + 30 + 50 + 70) / 4.0 / ((2 + 2 + 6 + 6) / 4.0), r["q"], 12);   // 40 / 4 = 10
        Assert.Equal(3.0, r["v"], 12);
        Assert.Throws<ArgumentException>(() => RoleEnergy.Ratios(new double[4], selection));
    }

    [Fact]
    public void A_single_neuron_per_matrix_has_no_off_diagonal_pair()
    {
        var selection = new[] { new NeuronSelection("blocks.0.k.weight", "k", 0, 4, new[] { 3 }) };
        Assert.True(double.IsNaN(RoleEnergy.Ratios(new[] { 5.0 }, selection)["k"]));
    }

    [Fact]
    public void Below_target_uses_the_one_sided_99_percent_t_quantile()
    {
        // mean 3.0, sd 0.1 (values 2.9, 3.0, 3.1), n = 3: t = (target − 3.0) / (0.1/√3).
        var v = new[] { 2.9, 3.0, 3.1 };
        double se = 0.1 / Math.Sqrt(3);
        var (t, sig) = E11Significance.BelowTarget(v, 3.0 + 6.965 * se * 1.01);
        Assert.Equal(6.965 * 1.01, t, 9);
        Assert.True(sig);
        Assert.False(E11Significance.BelowTarget(v, 3.0 + 6.965 * se * 0.99).Significant);
        Assert.False(E11Significance.BelowTarget(new[] { 1.0 }, 5).Significant);   // one run proves nothing
    }

    [Fact]
    public void Welch_rule_compares_two_optimizers_final_losses()
    {
        var a = new[] { 2.90, 2.91, 2.92, 2.89, 2.88 };   // mean 2.90, sd √0.00025
        var b = new[] { 3.00, 3.02, 2.98, 3.01, 2.99 };   // mean 3.00, sd √0.00025
        double se = Math.Sqrt(0.00025 / 5 + 0.00025 / 5);
        var (t, sig) = E11Significance.Beats(a, b);
        Assert.Equal(0.10 / se, t, 9);
        Assert.True(sig);
        Assert.False(E11Significance.Beats(b, a).Significant);
        Assert.Equal(3.747, E11Significance.Quantile99(4));
    }
}
