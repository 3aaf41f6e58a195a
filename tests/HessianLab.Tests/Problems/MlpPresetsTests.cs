using HessianLab.Models;
using HessianLab.Problems;
using HessianLab.Tests.TestSupport;
using HessianLab.Training;
using static TorchSharp.torch;

namespace HessianLab.Tests.Problems;

/// <summary>The paper and theory presets build what the authors' code and the theorem describe.</summary>
[Collection(TorchCollection.Name)]
public sealed class MlpPresetsTests
{
    [Fact]
    public void Paper_preset_draws_float32_weights_uniform_within_one_over_sqrt_fan_in()
    {
        using var scope = NewDisposeScope();
        var (model, data) = MlpPresets.Paper(new[] { 400, 8, 30 }, 50).Create();

        Assert.Equal(ScalarType.Float32, model.Weight(1).dtype);
        Assert.Equal(ScalarType.Float32, data.X.dtype);
        double bound = 1 / Math.Sqrt(400);
        var w = model.Weight(1).to_type(ScalarType.Float64);
        Assert.True(w.abs().max().item<double>() <= bound, "U(±1/√fan_in) exceeds its bound");
        // The variance of U(−b, b) is b²/3: over 3200 draws the sample variance is within 10 % of it.
        Assert.InRange(w.var().item<double>(), 0.9 * bound * bound / 3, 1.1 * bound * bound / 3);
    }

    [Fact]
    public void Theory_preset_draws_float64_LeCun_normal_weights()
    {
        using var scope = NewDisposeScope();
        var (model, _) = MlpPresets.Theory(new[] { 400, 8, 30 }, 50).Create();

        Assert.Equal(ScalarType.Float64, model.Weight(1).dtype);
        var w = model.Weight(1);
        Assert.True(w.abs().max().item<double>() > 1 / Math.Sqrt(400), "a normal draw of 3200 values exceeds one standard deviation");
        Assert.InRange(w.var().item<double>(), 0.9 / 400, 1.1 / 400);
    }

    [Fact]
    public void Paper_schedule_is_cosine_with_T_max_50000_whatever_the_number_of_steps()
    {
        var p = MlpPresets.Paper(steps: 2500);

        Assert.Equal(1e-4, p.Training.RateAt(0), 15);
        // PyTorch CosineAnnealingLR closed form: lr·½(1 + cos(π t / T_max)).
        Assert.Equal(1e-4 * 0.5 * (1 + Math.Cos(Math.PI * 2499 / 50_000)), p.Training.RateAt(2499), 15);
        Assert.Equal(0.5e-4, p.Training.RateAt(25_000), 15);
        Assert.Equal(PictureConventions.Paper, p.Pictures);
        Assert.Equal(10, p.Pictures.LayerDivisor(0));
        Assert.Equal(100, p.Pictures.LayerDivisor(1));
        Assert.Equal(100, p.Pictures.LayerDivisor(5));
    }

    [Fact]
    public void Seeds_follow_one_convention_weights_S_and_data_S_plus_1000()
    {
        using var scope = NewDisposeScope();
        var a = MlpPresets.Theory(new[] { 6, 3, 4 }, 10, seed: 7);
        var (model, data) = a.Create();
        using var reference = new Mlp(a.Spec, 7);
        var refData = HessianLab.Data.SyntheticData.Create(a.Data, 10, 6, 4, 1007);

        Assertions.AllClose(reference.Weight(1), model.Weight(1), 0, 0, "weights of seed 7");
        Assertions.AllClose(refData.X, data.X, 0, 0, "data of seed 7 + 1000");
    }

    [Fact]
    public void Apply_keeps_size_and_seed_and_changes_only_the_conventions()
    {
        var theory = MlpPresets.Theory(new[] { 6, 3, 4 }, 10, steps: 5, seed: 3);
        var paper = MlpPresets.Apply(ProblemPreset.Paper, theory);

        Assert.Equal(theory.Widths, paper.Widths);
        Assert.Equal(3, paper.Seed);
        Assert.Equal(5, paper.Training.Steps);
        Assert.Equal(InitScheme.Torch, paper.Init);
        Assert.Equal(ScalarType.Float32, paper.HessianDType);
        Assert.Equal(50_000, paper.Training.CosinePeriod);
    }

    [Fact]
    public void Unknown_preset_names_and_bad_values_are_rejected_naming_the_parameter()
    {
        Assert.Equal(ProblemPreset.Paper, MlpPresets.Parse(" PAPER "));
        Assert.Equal(ProblemPreset.Theory, MlpPresets.Parse("theory"));
        Assert.Contains("paper or theory", Assert.Throws<ArgumentException>(() => MlpPresets.Parse("official")).Message);
        Assert.Throws<ArgumentException>(() => MlpPresets.Parse("5"));
        Assert.Equal("Samples", Assert.Throws<ArgumentException>(() => (MlpPresets.Theory() with { Samples = 0 }).Validated()).ParamName);
        Assert.Equal("CosinePeriod", Assert.Throws<ArgumentException>(() => new TrainingOptions(3, 1e-3, true, 0).Validated()).ParamName);
    }
}
