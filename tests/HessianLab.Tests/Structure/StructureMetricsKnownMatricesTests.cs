using HessianLab.Models;
using HessianLab.Structure;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Structure;

[Collection(TorchCollection.Name)]
public sealed class StructureMetricsKnownMatricesTests
{
    // widths 4,3,2: W1 is 3 × 4 (3 neuron blocks of 4), W2 is 2 × 3 (2 blocks of 3); P = 18.
    private static readonly ParameterLayout Layout = ParameterLayout.ForMlp(new[] { 4, 3, 2 }, bias: false);

    [Fact]
    public void Given_an_exactly_block_diagonal_matrix_rho_is_zero_and_the_diagonal_share_is_one()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(1);
        var h = zeros(18, 18, ScalarType.Float64);
        foreach (var b in Layout.NeuronBlocks())
        {
            var a = randn(new long[] { b.Length, b.Length }, ScalarType.Float64, generator: g);
            h[TensorIndex.Slice(b.Start, b.End), TensorIndex.Slice(b.Start, b.End)] = a.matmul(a.t());
        }

        var m = StructureMetrics.Compute(h, Layout);

        Assert.All(m.Layers, l => Assert.Equal(0.0, l.Rho));
        Assert.All(m.Layers, l => Assert.Equal(1.0, l.DiagonalShare, 14));
        Assert.Equal(1.0, m.BlockDiagonalShare, 14);
        Assert.Equal(1.0, m.LayerDiagonalShare, 14);
        Assert.All(m.LayerPairs, p => Assert.Equal(0.0, p.Share));
        Assert.Equal(linalg.vector_norm(h).item<double>(), m.FrobeniusNorm, 12);
    }

    [Fact]
    public void Given_a_dense_constant_matrix_rho_is_one_and_the_shares_are_block_size_fractions()
    {
        using var scope = NewDisposeScope();
        const double c = -0.75;
        var h = full(18, 18, c, ScalarType.Float64);

        var a = StructureAnalysis.Analyze(h, Layout);
        var m = a.Metrics;

        // Every block has energy c²·|I||J|; within a layer all blocks have the same size, so ρ = 1.
        Assert.All(m.Layers, l => Assert.Equal(1.0, l.Rho, 14));
        Assert.Equal((3 * 16 + 2 * 9) / 324.0, m.BlockDiagonalShare, 14);
        Assert.Equal((144 + 36) / 324.0, m.LayerDiagonalShare, 14);
        Assert.Equal(12 * 6 / 324.0, m.Pair("W1", "W2").Share, 14);
        Assert.Equal(1.0 / 3, m.Layer("W1").DiagonalShare, 14);
        var mean = a.Blocks.MeanAbsMap();
        var frob = a.Blocks.FrobeniusMap();
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
            {
                Assert.Equal(0.75, mean[i, j], 14);
                double sizeI = i < 3 ? 4 : 3, sizeJ = j < 3 ? 4 : 3;
                Assert.Equal(0.75 * Math.Sqrt(sizeI * sizeJ), frob[i, j], 13);
            }
    }

    [Fact]
    public void Given_a_Kronecker_matrix_A_kron_B_rho_equals_the_closed_form_of_A()
    {
        // θ = vec_row(W), W is n × b: neuron block I is rows I·b … I·b+b-1, so (A ⊗ B)_IJ = A[I,J]·B and
        // ‖H_IJ‖_F² = A[I,J]²‖B‖_F²  ⇒  ρ = mean_{I≠J} A[I,J]² / mean_I A[I,I]².
        using var scope = NewDisposeScope();
        int n = 4, b = 5;
        var layout = ParameterLayout.ForMlp(new[] { b, n }, bias: false);
        var g = new Generator(2);
        var A = randn(new long[] { n, n }, ScalarType.Float64, generator: g);
        var B = randn(new long[] { b, b }, ScalarType.Float64, generator: g);
        var h = kron(A, B);

        var a = StructureAnalysis.Analyze(h, layout);

        var a2 = A.square();
        double diag = a2.diagonal().sum().item<double>();
        double expected = ((a2.sum().item<double>() - diag) / (n * (n - 1))) / (diag / n);
        Assert.Equal(expected, a.Metrics.Layers[0].Rho, 12);
        double bNorm2 = B.square().sum().item<double>(), bMeanAbs = B.abs().mean().item<double>();
        var energy = a.Blocks.EnergyMap;
        var meanAbs = a.Blocks.MeanAbsMap();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double aij = A[i, j].item<double>();
                Assert.Equal(aij * aij * bNorm2, energy[i, j], 10);
                Assert.Equal(Math.Abs(aij) * bMeanAbs, meanAbs[i, j], 12);
            }
    }

    [Fact]
    public void Overlapping_blocks_are_rejected_with_both_labels()
    {
        var e = Assert.Throws<ArgumentException>(() => new BlockPartition(new[]
        {
            new ParameterBlock(0, 4, 0, "a"), new ParameterBlock(3, 2, 0, "b"),
        }));
        Assert.Contains("a [0, 4)", e.Message);
        Assert.Contains("b [3, 5)", e.Message);
    }

    [Fact]
    public void A_Hessian_whose_size_does_not_match_the_layout_is_rejected()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => StructureMetrics.Compute(zeros(10, 10, ScalarType.Float64), Layout));
        Assert.Contains("P = 18", e.Message);
    }
}
