using System.Text.Json;
using HessianLab.Curvature;
using HessianLab.Curvature.Exact;
using HessianLab.Data;
using HessianLab.Experiments;
using HessianLab.Experiments.Dynamics;
using HessianLab.Losses;
using HessianLab.Problems;
using HessianLab.Tests.Plots;
using HessianLab.Tests.TestSupport;
using HessianLab.Training;
using static TorchSharp.torch;

namespace HessianLab.Tests.Experiments;

/// <summary>E12: the parts of H_WV against closed forms and autograd, and the quick run.</summary>
[Collection(TorchCollection.Name)]
public sealed class DynamicForceTests
{
    [Theory]
    [InlineData(LossKind.Ce)]
    [InlineData(LossKind.Mse)]
    public void Residual_part_of_H_WV_matches_its_closed_form_and_the_parts_add_up_to_the_autograd_block(LossKind loss)
    {
        using var scope = NewDisposeScope();
        var problem = MlpPresets.Theory(new[] { 5, 3, 4 }, 30, steps: 20, learningRate: 1e-2, seed: 2, loss: loss, data: DataKind.Clusters);
        var (model, data) = problem.Create();
        FullBatchTrainer.Train(model, data, loss, problem.Training);

        var parts = WvParts.Measure(new ExactMlpHessian(model, data, loss));

        // Closed form: H_res[(i,a),(j,b)] = (1/N) Σ_n r_n[j] σ'(z_n[i]) x_n[a] [b = i], r_n = ∂ℓ/∂f_n · N.
        var x = data.X; var w = model.Weight(1).detach(); var v = model.Weight(2).detach();
        var z = x.matmul(w.t());
        var f = z.relu().matmul(v.t()).requires_grad_(true);
        var l = Loss.Compute(loss, f, data.Y);
        var r = autograd.grad(new[] { l }, new[] { f })[0] * data.Count;
        var m = einsum("nj,ni,na->iaj", r, z.gt(0).to_type(ScalarType.Float64), x) / data.Count;
        double closedForm = m.norm().item<double>();
        Assert.Equal(closedForm, parts.Residual, 10);

        using var hess = AutogradHessian.ForMlp(model, () => Loss.Compute(loss, model.forward(data.X), data.Y));
        var seg = model.Layout.Segments;
        var wv = hess.Full().narrow(0, seg[0].Offset, seg[0].Size).narrow(1, seg[1].Offset, seg[1].Size);
        Assert.Equal(wv.norm().item<double>(), parts.Whole, 10);
        // GGN = H_WV − residual, built from the closed-form residual placed at b = i.
        var res = zeros(seg[0].Size, seg[1].Size, ScalarType.Float64);
        int d = 5, hidden = 3, c = 4;
        for (int i = 0; i < hidden; i++)
            for (int a = 0; a < d; a++)
                for (int j = 0; j < c; j++)
                    res[i * d + a, j * hidden + i] = m[i, a, j];
        Assert.Equal((wv - res).norm().item<double>(), parts.Ggn, 10);
    }

    [Fact]
    public void E12_quick_fits_three_seeds_per_setting_and_the_residual_falls_with_the_gap()
    {
        using var dir = new TempDir();
        var result = new E12DynamicForceExperiment().Run(new ExperimentContext(dir.Path, Quick: true, Seeds: 1));

        Assert.All(result.Files, f => Assert.True(File.Exists(f), $"{f} missing"));
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("results.json")));
        Assert.Equal(3, doc.RootElement.GetProperty("seeds").GetInt32());
        var fits = doc.RootElement.GetProperty("fits").EnumerateArray().ToList();
        Assert.Equal(E12DynamicForceExperiment.Quick.Count, fits.Count);
        foreach (var fit in fits)
        {
            Assert.Equal(3, fit.GetProperty("residualSlopes").GetArrayLength());
            // Loss falls over training, so the residual part falls with the gap: a positive slope.
            Assert.True(fit.GetProperty("residual").GetProperty("mean").GetDouble() > 0, fit.GetProperty("setting").GetString());
            Assert.True(fit.GetProperty("finalLoss").GetDouble() < fit.GetProperty("initialLoss").GetDouble());
        }
        var curve = doc.RootElement.GetProperty("curves").GetProperty("clusters-ce")[0].EnumerateArray().ToList();
        Assert.Equal(E12DynamicForceExperiment.Quick[0].Steps(), curve.Select(p => p.GetProperty("step").GetInt32()).ToList());
        Assert.Equal(0, curve[^1].GetProperty("gap").GetDouble());
    }
}
