using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.Data;

[Collection(TorchCollection.Name)]
public sealed class SyntheticDataTests
{
    [Fact]
    public void Gaussian_data_is_seeded_standard_normal_with_labels_in_range()
    {
        using var scope = NewDisposeScope();
        var a = SyntheticData.Create(DataKind.Gaussian, 2000, 50, 7, seed: 11);
        var b = SyntheticData.Create(DataKind.Gaussian, 2000, 50, 7, seed: 11);
        Assert.True(a.X.eq(b.X).all().item<bool>());
        Assert.InRange(a.X.mean().item<double>(), -0.01, 0.01);
        Assert.InRange(a.X.var().item<double>(), 0.98, 1.02);
        Assert.Equal(0, a.Y.min().item<long>());
        Assert.Equal(6, a.Y.max().item<long>());
    }

    [Fact]
    public void Cluster_data_sits_within_noise_of_unit_centres_one_cluster_per_label()
    {
        using var scope = NewDisposeScope();
        var ds = SyntheticData.Create(DataKind.Clusters, 103, 20, 10, seed: 5);
        Assert.Equal(11, ds.Y.eq(0).sum().item<long>()); // 103 = 10·10 + 3: first three clusters get 11
        Assert.Equal(10, ds.Y.eq(9).sum().item<long>());
        var c0 = ds.X.index_select(0, nonzero(ds.Y.eq(0)).squeeze(1)).mean(new long[] { 0 });
        Assert.InRange(c0.norm().item<double>(), 0.95, 1.05);
    }

    [Fact]
    public void Mse_follows_PyTorch_mean_over_N_times_C_against_one_hot()
    {
        using var scope = NewDisposeScope();
        var z = tensor(new double[,] { { 1, 2 }, { 0, -1 } });
        var y = tensor(new long[] { 1, 0 });
        // ((1-0)² + (2-1)² + (0-1)² + (-1-0)²) / 4 = 1
        Assert.Equal(1.0, Loss.Compute(LossKind.Mse, z, y).item<double>(), 15);
        double ce = (Math.Log(Math.Exp(1) + Math.Exp(2)) - 2 + Math.Log(1 + Math.Exp(-1))) / 2;
        Assert.Equal(ce, Loss.Compute(LossKind.Ce, z, y).item<double>(), 14);
    }
}
