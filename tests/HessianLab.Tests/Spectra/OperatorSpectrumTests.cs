using HessianLab.Curvature;
using HessianLab.Models;
using HessianLab.Spectra;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Spectra;

[Collection(TorchCollection.Name)]
public sealed class OperatorSpectrumTests
{
    [Fact]
    public void Given_a_module_Hessian_operator_the_facade_matches_eigvalsh_of_the_dense_matrix()
    {
        using var scope = NewDisposeScope();
        var net = new ConvNet(71);
        var (x, y) = ConvNet.Data(8, 72);
        var op = new ModuleCurvatureOperator(net, (z, t) => nn.functional.cross_entropy(z, t), ModuleCurvatureOperator.Split(x, y, 4));
        var ps = ModuleParameters.Of(net);
        var dense = DenseCurvature.Hessian(ps.Tensors, () => nn.functional.cross_entropy(net.forward(x), y));
        var eig = linalg.eigvalsh((dense + dense.t()) * 0.5).data<double>().ToArray();   // ascending
        var spectrum = new OperatorSpectrum(op, seed: 3);

        var top = spectrum.TopEigenvalues(3);
        for (int i = 0; i < 3; i++)
            Assert.Equal(eig[^(i + 1)], top[i], 1e-9 * Math.Abs(eig[^1]));

        var (trace, err) = spectrum.Trace(probes: 60);
        double exact = eig.Sum();
        Assert.True(err > 0);
        Assert.True(Math.Abs(trace - exact) <= 5 * err, $"Hutchinson {trace} ± {err} vs tr = {exact}");

        var density = spectrum.Density(steps: 80, probes: 2, gridPoints: 4000);
        double dx = density.Grid[1] - density.Grid[0];
        Assert.Equal(1.0, density.Density.Sum() * dx, 2);                        // a probability density
        double tol = 1e-8 * Math.Abs(eig[^1]);
        Assert.All(density.Nodes, n => Assert.InRange(n, eig[0] - tol, eig[^1] + tol));   // Ritz values lie in the spectrum
        Assert.Equal(eig[^1], density.Nodes.Max(), tol);                           // 80 = P steps: the extreme is found
    }

    [Fact]
    public void Given_k_out_of_range_TopEigenvalues_refuses_naming_k()
    {
        using var scope = NewDisposeScope();
        var spectrum = new OperatorSpectrum(new DenseOperator(eye(4, dtype: ScalarType.Float64)));
        Assert.Equal("k", Assert.Throws<ArgumentException>(() => spectrum.TopEigenvalues(5)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentException>(() => spectrum.TopEigenvalues(0)).ParamName);
    }
}
