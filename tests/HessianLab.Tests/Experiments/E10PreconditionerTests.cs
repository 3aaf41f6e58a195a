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
    public void E10_runs_end_to_end_on_a_tiny_net_and_writes_its_table_and_pictures()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"e10-{Guid.NewGuid():N}");
        try
        {
            var cfg = new E10Config(new[] { 6, 3, 5 }, 40, DataKind.Gaussian, LossKind.Ce, 20, 1e-2, 0);
            var result = new E10PreconditionerExperiment().Run(new ExperimentContext(dir, Quick: true), cfg);
            Assert.Equal(1 + 2 * 7, result.Table.Count);
            foreach (var f in new[] { "e10_table.csv", "e10_kronecker_check.csv", "e10_results.json", "e10_config.json", "e10_W1_panels.png", "e10_W2_panels.png", "e10_spectra.png" })
                Assert.True(new FileInfo(Path.Combine(dir, f)).Length > 100, f);
            var csv = File.ReadAllLines(Path.Combine(dir, "e10_kronecker_check.csv"));
            foreach (var line in csv.Skip(1))
                Assert.InRange(double.Parse(line.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture), 0, 1e-10);
            // The ideal per-neuron block preconditioner beats no preconditioner on every layer.
            var rows = File.ReadAllLines(Path.Combine(dir, "e10_table.csv")).Skip(1).Select(l => l.Split(',')).ToList();
            foreach (var layer in new[] { "W1", "W2" })
            {
                double K(string name) => double.Parse(rows.Single(r => r[0] == layer && r[3] == name)[5], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(K("per-neuron Newton") <= K("none (I)"), layer);
            }
            Assert.Contains("Muon", result.Headline);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
