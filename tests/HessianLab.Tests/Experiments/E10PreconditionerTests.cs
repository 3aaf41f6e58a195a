using System.Globalization;
using HessianLab.Data;
using HessianLab.Experiments;
using HessianLab.Experiments.Preconditioners;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Optim;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Experiments;

[Collection(TorchCollection.Name)]
public sealed class E10PreconditionerTests
{
    private static Tensor Rand(long m, long n, long seed) => randn(m, n, ScalarType.Float64, generator: new Generator((ulong)seed));

    [Theory]
    [InlineData(7, 3)]
    [InlineData(3, 7)]
    public void On_row_major_theta_the_Muon_update_is_I_m_kron_inverse_root_and_not_the_swapped_order(int m, int n)
    {
        using var scope = NewDisposeScope();
        var check = KroneckerOrderCheck.Run("W", Rand(m, n, 1));
        Assert.InRange(check.RowMajorTalkForm, 0, 1e-12);
        Assert.InRange(check.RowMajorLeftForm, 0, 1e-12);
        Assert.True(check.SwappedOrder > 0.1, $"swapped order rel. err {check.SwappedOrder}");
        Assert.InRange(check.Polar12VsPolar, 0, 1e-6);
    }

    [Fact]
    public void Each_preconditioner_is_symmetric_PSD_with_a_matching_square_root_and_the_stated_structure()
    {
        using var scope = NewDisposeScope();
        long m = 5, n = 3;
        var mom = Rand(m, n, 2);
        var v = Rand(m, n, 3).pow(2);
        var list = new[]
        {
            PreconditionerFactory.Adam(v, 1e-8), PreconditionerFactory.AdamMini(v, 1e-8), PreconditionerFactory.Muon(mom),
            PreconditionerFactory.MuonLeft(mom), PreconditionerFactory.NorMuon(mom),
        };
        foreach (var p in list)
        {
            Assertions.AllClose(p.Matrix, p.Matrix.t(), rtol: 0, atol: 1e-12, what: $"{p.Name} symmetric");
            Assertions.CloseRelativeToMax(p.Matrix, p.Sqrt.matmul(p.Sqrt), 1e-10, $"{p.Name}: sqrt²");
            Assert.True(linalg.eigvalsh(p.Matrix).min().item<double>() > -1e-10);
        }
        // Adam-mini: one scalar per neuron, 1/(√mean_row(v)+ε).
        var d = list[1].Matrix.diag().reshape(m, n);
        Assertions.AllClose((1.0 / (v.mean(new long[] { 1 }, keepdim: true).sqrt() + 1e-8)).expand(m, n), d, rtol: 1e-12, what: "Adam-mini diagonal");
        // Muon: the same n×n block (MᵀM)^{-1/2} on every neuron, nothing across neurons.
        var (_, sv, vh) = linalg.svd(mom, fullMatrices: false);            // (MᵀM)^{-1/2} = V S⁻¹ Vᵀ, independent of eigh
        var inv = vh.t().matmul(diag(1.0 / sv)).matmul(vh);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
            {
                var blk = list[2].Matrix.narrow(0, i * n, n).narrow(1, j * n, n);
                Assertions.AllClose(i == j ? inv : zeros(n, n, ScalarType.Float64), blk, rtol: 0, atol: 1e-10, what: $"Muon block ({i},{j})");
            }
        // NorMuon = diag(1/√v_i) ⊗ (MᵀM)^{-1/2} with v_i the row mean square of the polar factor.
        var o = MuonMath.PolarFactor(mom);
        var vi = (o * o).mean(new long[] { 1 });
        Assertions.CloseRelativeToMax(kron(diag(1.0 / vi.sqrt()), inv), list[4].Matrix, 1e-9, "NorMuon");
    }

    [Fact]
    public void For_a_wide_matrix_NorMuons_fixed_point_statistic_is_constant_so_it_is_Muon_up_to_scale()
    {
        using var scope = NewDisposeScope();
        var mom = Rand(3, 8, 4);
        var muon = PreconditionerFactory.Muon(mom).Matrix;
        var nor = PreconditionerFactory.NorMuon(mom).Matrix;
        Assertions.CloseRelativeToMax(muon * (nor.abs().max() / muon.abs().max()), nor, 1e-9, "NorMuon ∝ Muon (wide)");
    }

    [Fact]
    public void Quality_is_one_for_the_pseudo_inverse_and_the_eigenvalue_ratio_for_the_identity()
    {
        using var scope = NewDisposeScope();
        var (q, _) = linalg.qr(Rand(6, 6, 5));
        var evals = tensor(new[] { 10.0, 4.0, 2.0, 1.0, 0.0, -3.0 });          // indefinite and singular
        var h = q.matmul(diag(evals)).matmul(q.t());
        var (hp, lmax, neg) = PreconditioningQuality.PositivePart(h);
        Assert.Equal(10.0, lmax, 10);
        Assert.Equal(3.0 / 20.0, neg, 10);
        var id = PreconditioningQuality.Measure(hp, PreconditionerFactory.Identity(6, ScalarType.Float64));
        Assert.Equal(4, id.Rank);
        Assert.Equal(10.0, id.Kappa, 8);
        var pinv = q.matmul(diag(tensor(new[] { 0.1, 0.25, 0.5, 1.0, 0, 0 }))).matmul(q.t());
        var pinvSqrt = q.matmul(diag(tensor(new[] { 0.1, 0.25, 0.5, 1.0, 0, 0 }).sqrt())).matmul(q.t());
        var newton = PreconditioningQuality.Measure(hp, new PreconditionerMatrix("Newton", "H+^+", pinv, pinvSqrt));
        Assert.Equal(4, newton.Rank);
        Assert.Equal(1.0, newton.Kappa, 8);
        Assert.Equal(0.0, newton.LogSpread, 8);
    }

    [Fact]
    public void The_exact_engines_layer_block_equals_the_autograd_rows_of_that_weight()
    {
        using var scope = NewDisposeScope();
        var model = new Mlp(new MlpSpec(new[] { 5, 3, 4 }, Activation.Tanh), seed: 3);
        var data = SyntheticData.Create(DataKind.Gaussian, 20, 5, 4, seed: 4);
        for (int s = 0; s < 2; s++)
            Assertions.CloseRelativeToMax(HessianBlockSource.LayerBlockByAutograd(model, data, LossKind.Ce, s),
                HessianBlockSource.LayerBlock(model, data, LossKind.Ce, s), 1e-10, $"block {s}");
    }

    [Fact]
    public void Alignment_numbers_are_one_and_zero_for_the_exact_per_neuron_inverse_and_detect_cross_neuron_mass()
    {
        using var scope = NewDisposeScope();
        long m = 3, n = 4;
        var (q, _) = linalg.qr(Rand(m * n, m * n, 6));
        var h = q.matmul(diag(linspace(1, 20, m * n, dtype: ScalarType.Float64))).matmul(q.t());
        var blocks = Enumerable.Range(0, (int)m).Select(i => h.narrow(0, i * n, n).narrow(1, i * n, n)).ToArray();
        // Given H block-diagonal per neuron and P its exact block inverse, P H = I in every block.
        var hb = block_diag(blocks);
        var pb = block_diag(blocks.Select(b => linalg.inv(b)).ToArray());
        Assert.Equal(1.0, PreconditionerAlignment.NeuronShare(pb, m, n), 12);
        var (mean, max, s) = PreconditionerAlignment.BlockResidual(pb, hb, m, n);
        Assert.InRange(max, 0, 1e-10);
        Assert.Equal(1.0, s, 10);
        // A dense H: the share equals Σ‖H_ii‖²/‖H‖² computed entry by entry.
        double inside = blocks.Sum(b => b.square().sum().item<double>());
        Assert.Equal(inside / h.square().sum().item<double>(), PreconditionerAlignment.NeuronShare(h, m, n), 12);
        // Halving P is absorbed by the scale.
        var (mean2, _, s2) = PreconditionerAlignment.BlockResidual(pb * 0.5, hb, m, n);
        Assert.InRange(mean2, 0, 1e-10);
        Assert.Equal(2.0, s2, 10);
        Assert.InRange(mean, 0, 1e-10);
        Assert.True(PreconditionerAlignment.BlockResidual(eye(m * n, dtype: ScalarType.Float64), h, m, n).Mean > 0.1);
    }

    [Fact]
    public void Conditioning_counts_the_range_per_cutoff_and_saturates_on_the_whole_space()
    {
        var mu = new[] { 1e-9, 10.0, 1.0, 1e-5, 0.0 };
        var c = PreconditionerAlignment.Conditioning(mu, new[] { 1e-8, 1e-4 });
        Assert.Equal(3, c[0].Rank);
        Assert.Equal(1e6, c[0].KappaRange, 6);
        Assert.Equal(1e8, c[0].KappaWhole, 3);                     // the zero eigenvalue clamps at 1e-8·μ₁
        Assert.Equal(2, c[1].Rank);
        Assert.Equal(10.0, c[1].KappaRange, 10);
        Assert.Equal(1e4, c[1].KappaWhole, 6);
    }

    [Fact]
    public void The_Shampoo_and_Kfac_preconditioners_read_from_state_reproduce_their_optimizers_steps()
    {
        using var scope = NewDisposeScope();
        var cfg = E10Config.Quick(0) with { Widths = new[] { 5, 3, 4 }, Samples = 30, CurvatureInterval = 1, ShampooInterval = 1 };
        foreach (var name in new[] { "Shampoo", "K-FAC" })
        {
            var model = new Mlp(new MlpSpec(cfg.Widths, Activation.Relu), seed: 2);
            var data = SyntheticData.Create(DataKind.Gaussian, cfg.Samples, 5, 4, seed: 3);
            using var opt = E10Optimizers.Create(name, model, data, cfg, 0.1);
            for (int t = 0; t < 3; t++)
            {
                opt.zero_grad();
                Loss.Compute(LossKind.Ce, model.forward(data.X), data.Y).backward();
                var grads = model.Weights.Select(w => w.grad!.detach().clone().reshape(-1)).ToList();
                var before = model.FlatParameters();
                opt.step();
                var delta = model.FlatParameters() - before;
                for (int l = 1; l <= 2; l++)
                {
                    var seg = model.Layout.Segments[l - 1];
                    var h = HessianBlockSource.LayerBlock(model, data, LossKind.Ce, l - 1);
                    var p = E10Optimizers.Preconditioner(name, opt, model, l, h, cfg);
                    Assertions.CloseRelativeToMax(-0.1 * p.Matrix.matmul(grads[l - 1]), delta.narrow(0, seg.Offset, seg.Size), 1e-9, $"{name} step {t} W{l}");
                    Assertions.CloseRelativeToMax(p.Matrix, p.Sqrt.matmul(p.Sqrt), 1e-9, $"{name} sqrt");
                }
            }
        }
    }

    [Fact]
    public void E10_runs_every_optimizer_on_its_own_trajectory_and_writes_tables_curves_and_pictures()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"e10-{Guid.NewGuid():N}");
        try
        {
            var cfg = E10Config.Quick(0) with { Widths = new[] { 6, 3, 5 }, Samples = 40, Steps = 12, CurvatureInterval = 1 };
            var result = new E10PreconditionerExperiment().Run(new ExperimentContext(dir, Quick: true), cfg);
            // 7 optimizers + "none (I)", 2 layers, 2 points.
            Assert.Equal(1 + 8 * 2 * 2, result.Table.Count);
            foreach (var f in new[] { "e10_table.csv", "e10_runs.csv", "e10_losses.csv", "e10_kronecker_check.csv", "e10_results.json", "e10_config.json",
                         "e10_W1_panels.png", "e10_W2_panels.png", "e10_loss_curves.png" })
                Assert.True(new FileInfo(Path.Combine(dir, f)).Length > 100, f);
            foreach (var line in File.ReadAllLines(Path.Combine(dir, "e10_kronecker_check.csv")).Skip(1))
                Assert.InRange(double.Parse(line.Split(',')[3], CultureInfo.InvariantCulture), 0, 1e-10);
            var rows = File.ReadAllLines(Path.Combine(dir, "e10_table.csv")).Skip(1).Select(l => l.Split(',')).ToList();
            Assert.Equal(8 * 2 * 2 * 3, rows.Count);
            double Col(string opt, string layer, int col) =>
                double.Parse(rows.First(r => r[0] == opt && r[1].StartsWith("matched loss", StringComparison.Ordinal) && r[4] == layer)[col], CultureInfo.InvariantCulture);
            foreach (var layer in new[] { "W1", "W2" })
            {
                // Per-neuron preconditioners keep all their mass in neuron blocks; Kronecker ones (Shampoo, K-FAC) do not.
                foreach (var opt in new[] { "Adam", "Adam-mini", "Muon", "NorMuon", "block Newton" }) Assert.Equal(1.0, Col(opt, layer, 12), 10);
                foreach (var opt in new[] { "Shampoo", "K-FAC" }) Assert.True(Col(opt, layer, 12) < 1 - 1e-6, $"{opt} {layer}");
                // Block Newton inverts its own neuron blocks up to damping: the smallest residual ‖sPH − I‖ of all.
                double newton = Col("block Newton", layer, 14);
                foreach (var opt in new[] { "none (I)", "Adam", "Adam-mini", "Muon", "NorMuon" }) Assert.True(newton < Col(opt, layer, 14), $"{opt} {layer}");
            }
            var losses = File.ReadAllLines(Path.Combine(dir, "e10_losses.csv"));
            Assert.Equal(cfg.Steps + 2, losses.Length);
            Assert.Contains("block Newton mean", losses[0]);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
