using System.Text.Json;
using HessianLab.Experiments;
using HessianLab.Experiments.Beyond;
using HessianLab.Experiments.Limits;
using HessianLab.Models;
using HessianLab.Structure;
using HessianLab.Tests.Plots;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.Experiments;

/// <summary>E13 and E14: the objectives' Hessians against finite differences and closed forms, and the quick runs.</summary>
[Collection(TorchCollection.Name)]
public sealed class BeyondAndLimitTests
{
    private static readonly int[] Small = { 4, 2, 2, 4 };

    public static IEnumerable<object[]> SmallObjectives() =>
        E14BeyondExperiment.Objectives(Small, quick: true, seed: 1).Select((o, i) => new object[] { i, o.Name });

    [Theory]
    [MemberData(nameof(SmallObjectives))]
    public void Autograd_Hessian_of_every_objective_matches_finite_differences(int index, string name)
    {
        using var scope = NewDisposeScope();
        var o = E14BeyondExperiment.Objectives(Small, quick: true, seed: 1)[index];
        Assert.Equal(name, o.Name);

        var h = E14BeyondExperiment.Hessian(o);
        var fd = FiniteDifferences.HessianRichardson(t => o.Value(t).item<double>(), o.Point.detach().clone());

        Assertions.CloseRelativeToMax(fd, h, 1e-6, $"{name} Hessian vs finite differences");
    }

    [Fact]
    public void Rosenbrock_Hessian_is_its_closed_form_2x2_blocks()
    {
        using var scope = NewDisposeScope();
        var o = TestProblems.Rosenbrock(Small, seed: 3);
        var h = E14BeyondExperiment.Hessian(o);
        var x = o.Point;
        var expected = zeros(x.shape[0], x.shape[0], ScalarType.Float64);
        for (long i = 0; i < x.shape[0]; i += 2)
        {
            double a = x[i].item<double>(), b = x[i + 1].item<double>();
            expected[i, i] = 1200 * a * a - 400 * b + 2;
            expected[i, i + 1] = -400 * a;
            expected[i + 1, i] = -400 * a;
            expected[i + 1, i + 1] = 200;
        }
        Assertions.AllClose(expected, h, 1e-12, 1e-9, "Rosenbrock Hessian");
    }

    [Fact]
    public void Deep_linear_factorization_uses_the_product_W3_W2_W1()
    {
        using var scope = NewDisposeScope();
        var theta = arange(Enumerable.Range(1, 3).Sum(l => Small[l] * Small[l - 1]), ScalarType.Float64) / 10;
        var w1 = Objective.Matrix(theta, Small, 1); var w2 = Objective.Matrix(theta, Small, 2); var w3 = Objective.Matrix(theta, Small, 3);

        Assert.Equal(new long[] { 2, 4 }, w1.shape);
        Assert.Equal(0.8, w2[0, 0].item<double>(), 12);   // W2 starts after the 8 entries of W1
        Assertions.AllClose(w3.matmul(w2).matmul(w1), Objective.Product(theta, Small), 1e-14, 0, "product");
    }

    [Fact]
    public void E14_quick_writes_three_seeds_and_the_Rosenbrock_Hessian_is_exactly_row_block_diagonal()
    {
        using var dir = new TempDir();
        var result = new E14BeyondExperiment().Run(new ExperimentContext(dir.Path, Quick: true, Seeds: 1));

        Assert.All(result.Files, f => Assert.True(File.Exists(f), $"{f} missing"));
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("results.json")));
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(3 * 8, rows.Count);
        // Rows of W1 have 6 entries (even): the pairs (θ_{2i−1}, θ_{2i}) never cross a row, so the Hessian is exactly
        // block-diagonal over rows; Broyden's tridiagonal band crosses every row boundary.
        var rosen = rows.First(r => r.GetProperty("name").GetString() == "extended Rosenbrock");
        Assert.Equal(1.0, rosen.GetProperty("blockShare").GetDouble(), 12);
        var broyden = rows.First(r => r.GetProperty("name").GetString() == "Broyden tridiagonal");
        Assert.True(broyden.GetProperty("blockShare").GetDouble() < 1);
    }

    [Fact]
    public void The_registry_lists_E12_to_E14_after_E11()
    {
        var ids = ExperimentRegistry.All.Select(e => e.Id).ToList();

        Assert.Equal(new[] { "E11", "E12", "E13", "E14" }, ids.Skip(ids.IndexOf("E11")).Take(4));
        Assert.IsType<HessianLab.Experiments.Dynamics.E12DynamicForceExperiment>(ExperimentRegistry.Get("e12"));
        Assert.IsType<E13LimitExperiment>(ExperimentRegistry.Get("E13"));
        Assert.IsType<E14BeyondExperiment>(ExperimentRegistry.Get("E14"));
    }

    [Fact]
    public void E13_quick_reports_slopes_equal_to_the_fit_of_its_own_points()
    {
        using var dir = new TempDir();
        new E13LimitExperiment().Run(new ExperimentContext(dir.Path, Quick: true, Seeds: 1));

        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("results.json")));
        var points = doc.RootElement.GetProperty("points").EnumerateArray().ToList();
        var cfg = E13LimitExperiment.Quick;
        Assert.Equal(cfg.Gammas.Count * cfg.Dims.Count * cfg.Classes.Count * 3, points.Count);
        Assert.All(points, p => Assert.Equal((int)Math.Round(p.GetProperty("dim").GetInt32() / p.GetProperty("gamma").GetDouble()), p.GetProperty("samples").GetInt32()));
        // Independent recomputation: per-seed OLS slopes of log ρ_hidden(CE) on log C at the first d, averaged.
        int d0 = cfg.Dims[0];
        var slopes = points.Where(p => p.GetProperty("dim").GetInt32() == d0).GroupBy(p => p.GetProperty("seed").GetInt64())
            .Select(g => PowerLawFit.Fit(g.Select(p => (double)p.GetProperty("classes").GetInt32()).ToList(), g.Select(p => p.GetProperty("ceHidden").GetDouble()).ToList()).Slope).ToList();
        var row = doc.RootElement.GetProperty("rows")[0];
        Assert.Equal(slopes.Average(), row.GetProperty("ceHiddenSlope").GetProperty("mean").GetDouble(), 10);
        Assert.True(File.Exists(dir.File("ce_hidden_slope_vs_d.png")));
    }
}
