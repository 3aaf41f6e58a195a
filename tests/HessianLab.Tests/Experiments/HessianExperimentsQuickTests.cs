using System.Text.Json;
using HessianLab.Curvature;
using HessianLab.Experiments;
using HessianLab.Experiments.Hessians;
using HessianLab.Losses;
using HessianLab.Structure;
using HessianLab.Tests.Plots;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.Experiments;

/// <summary>Runs E1–E6 at their quick sizes and checks what they write against independent references.</summary>
[Collection(TorchCollection.Name)]
public sealed class HessianExperimentsQuickTests
{
    private static (ExperimentResult Result, JsonElement Metrics) Run(IExperiment e, TempDir dir, int seeds = 2)
    {
        var result = e.Run(new ExperimentContext(dir.Path, Quick: true, Seeds: seeds));
        Assert.NotEmpty(result.Table);
        Assert.All(result.Files, f => Assert.True(File.Exists(f), $"{f} missing"));
        Assert.All(result.Files.Where(f => f.EndsWith(".png")), f => Assert.True(new FileInfo(f).Length > 5_000, $"{f} too small"));
        Assert.True(File.Exists(dir.File("config.json")));
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("metrics.json")));
        return (result, doc.RootElement.Clone());
    }

    [Fact]
    public void E1_quick_reports_the_rho_of_the_autograd_Hessian_of_the_same_net()
    {
        using var dir = new TempDir();
        var (result, metrics) = Run(new E1InitExperiment(), dir);

        using var scope = NewDisposeScope();
        var (model, data) = E1InitExperiment.Quick.Create();
        using var hess = AutogradHessian.ForMlp(model, () => Loss.Compute(LossKind.Ce, model.forward(data.X), data.Y));
        var reference = StructureMetrics.Compute(hess.Full(), model.Layout);
        var theory = metrics.GetProperty("theorySeed0");
        var layers = theory.GetProperty("structure").GetProperty("layers");
        Assert.Equal(reference.Layers[0].Rho, layers[0].GetProperty("rho").GetDouble(), 9);
        Assert.Equal(reference.Layers[1].Rho, layers[1].GetProperty("rho").GetDouble(), 9);
        var pair = theory.GetProperty("structure").GetProperty("layerPairs")[0];
        Assert.Equal(reference.LayerPairs[0].Share, pair.GetProperty("share").GetDouble(), 9);
        Assert.True(pair.GetProperty("residualShare").GetDouble() > 0, "at init the residual part of H_WV is not zero");
        Assert.Contains(result.Files, f => f.EndsWith("init_H_WV.png"));
    }

    [Fact]
    public void E2_quick_writes_curves_at_every_snapshot_step_with_the_loss_decreasing()
    {
        using var dir = new TempDir();
        var (_, metrics) = Run(new E2TrainingExperiment(), dir);

        var curve = metrics.GetProperty("curve").EnumerateArray().ToList();
        var steps = curve.Select(p => p.GetProperty("step").GetInt32()).ToList();
        Assert.Equal(TrainingSnapshots.Steps(40, new[] { 1.0, 0.5 }), steps);
        Assert.True(curve[^1].GetProperty("loss").GetDouble() < curve[0].GetProperty("loss").GetDouble());
        Assert.True(File.Exists(dir.File("H_WV_over_training.png")));
        Assert.Equal(steps.Count + 1, File.ReadAllLines(dir.File("curves.csv")).Length);
    }

    [Fact]
    public void E3_quick_finds_rho_output_exactly_zero_under_MSE_and_decreasing_rho_under_CE()
    {
        using var dir = new TempDir();
        var (_, metrics) = Run(new E3ClassesExperiment(), dir);

        var points = metrics.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(2 * 4 * 2, points.Count);
        Assert.All(points.Where(p => p.GetProperty("loss").GetString() == "MSE"), p => Assert.Equal(0.0, p.GetProperty("rhoOutput").GetDouble()));
        var fits = metrics.GetProperty("fits").EnumerateArray().ToList();
        var ceOut = fits.Single(f => f.GetProperty("loss").GetString() == "CE" && f.GetProperty("layer").GetString() == "output");
        Assert.InRange(ceOut.GetProperty("fit").GetProperty("slope").GetDouble(), -3, -1);
        Assert.True(File.Exists(dir.File("rho_vs_C_ce.png")));
        Assert.True(File.Exists(dir.File("H_VV_by_C_mse.png")));
    }

    [Fact]
    public void E4_quick_confirms_the_MSE_closed_form_and_exact_block_diagonality()
    {
        using var dir = new TempDir();
        var (_, metrics) = Run(new E4LinearExperiment(), dir);

        foreach (var m in metrics.GetProperty("mse").EnumerateArray())
        {
            Assert.True(m.GetProperty("maxRelativeDifferenceToClosedForm").GetDouble() < 1e-12);
            Assert.Equal(0.0, m.GetProperty("maxOffBlockEntryOverMax").GetDouble());
        }
        Assert.True(metrics.GetProperty("ceFit").GetProperty("fit").GetProperty("slope").GetDouble() < -1);
    }

    [Fact]
    public void E5_quick_matches_the_closed_form_and_is_block_diagonal_in_neuron_order()
    {
        using var dir = new TempDir();
        var (_, metrics) = Run(new E5SimoExperiment(), dir);

        Assert.True(metrics.GetProperty("worstAbsDifference").GetDouble() < 1e-14);
        foreach (var p in metrics.GetProperty("points").EnumerateArray())
            Assert.Equal(0.0, p.GetProperty("rhoNeuronOrder").GetDouble());
    }

    [Fact]
    public void E6_quick_reports_four_layers_and_six_cross_blocks_at_each_step()
    {
        using var dir = new TempDir();
        var (_, metrics) = Run(new E6DeepExperiment(), dir);

        var curve = metrics.GetProperty("curve").EnumerateArray().ToList();
        Assert.All(curve, p =>
        {
            Assert.Equal(4, p.GetProperty("rho").GetArrayLength());
            Assert.Equal(6, p.GetProperty("crossRelativeNorm").GetArrayLength());
        });
        Assert.True(File.Exists(dir.File("cross_share_vs_distance.png")));
        Assert.True(File.Exists(dir.File("step_000000_layer_block_norms.png")));
    }

    [Fact]
    public void The_registry_lists_E1_to_E6_in_order()
    {
        var ids = ExperimentRegistry.All.Select(e => e.Id).Where(id => id is "E1" or "E2" or "E3" or "E4" or "E5" or "E6").ToList();
        Assert.Equal(new[] { "E1", "E2", "E3", "E4", "E5", "E6" }, ids);
    }
}
