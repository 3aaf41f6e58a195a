using HessianLab.Curvature.Exact;
using HessianLab.Data;
using HessianLab.Experiments.Hessians;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.Experiments;

/// <summary>A snapshot's GGN part (H's block minus the engine's residual block) and residual part equal the engine's
/// direct GGN and residual blocks, for adjacent and non-adjacent layer pairs.</summary>
[Collection(TorchCollection.Name)]
public sealed class HessianSnapshotTests
{
    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Tanh)]
    public void The_GGN_and_residual_energies_equal_the_directly_computed_blocks(Activation activation)
    {
        using var scope = NewDisposeScope();
        var data = SyntheticData.Create(DataKind.Gaussian, 60, 7, 5, 3);
        using var model = new Mlp(new MlpSpec(new[] { 7, 6, 4, 5 }, activation), 2);

        var snap = HessianSnapshot.Take(model, data, LossKind.Ce, step: 0);

        var engine = new ExactMlpHessian(model, data, LossKind.Ce);
        var pairs = new[] { (1, 2), (1, 3), (2, 3) };
        var ggn = engine.LayerBlocks(pairs, HessianPart.Ggn);
        var res = engine.LayerBlocks(pairs, HessianPart.Residual);
        foreach (var (l, k) in pairs)
        {
            double g = ggn[(l, k)].square().sum().item<double>(), r = res[(l, k)].square().sum().item<double>();
            Assert.True(g > 0 && r > 0, $"({l},{k}): both parts are non-zero on this net");
            Assert.Equal(g, snap.Analysis.GgnLayerEnergy![l - 1, k - 1], 1e-12 * g);
            Assert.Equal(r, snap.Analysis.ResidualLayerEnergy![l - 1, k - 1], 1e-12 * r);
        }
    }
}
