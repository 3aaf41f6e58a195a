using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Tests.TestSupport;
using HessianLab.Training;
using static TorchSharp.torch;

namespace HessianLab.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class FullBatchTrainerTests
{
    [Fact]
    public void Full_batch_Adam_lowers_the_loss_and_the_cosine_rate_ends_near_zero()
    {
        using var scope = NewDisposeScope();
        var model = new Mlp(new MlpSpec(new[] { 10, 8, 4 }), seed: 1);
        var data = SyntheticData.Create(DataKind.Gaussian, 64, 10, 4, seed: 2);
        var options = new TrainingOptions(200, 1e-2);
        var losses = FullBatchTrainer.Train(model, data, LossKind.Ce, options);
        Assert.Equal(201, losses.Length);
        Assert.True(losses[^1] < 0.8 * losses[0], $"loss {losses[0]} → {losses[^1]}");
        Assert.Equal(1e-2, options.RateAt(0), 15);
        Assert.Equal(0.5e-2, options.RateAt(100), 12);
        Assert.True(options.RateAt(199) < 1e-5);
    }

    [Fact]
    public void A_non_positive_learning_rate_is_refused_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainingOptions(5, 0).Validated());
        Assert.Equal("LearningRate", e.ParamName);
        Assert.DoesNotContain("--", e.Message);
    }
}
