using System.Text.Json;
using HessianLab.Experiments;
using HessianLab.Experiments.Hessians;
using HessianLab.Problems;
using HessianLab.Tests.Plots;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.Experiments;

/// <summary>E2 and E6 write mean ± 95 % t-intervals over ≥ 3 seeds to results.json; the numbers are recomputed here from the seeds' own nets.</summary>
[Collection(TorchCollection.Name)]
public sealed class SeedIntervalTests
{
    /// <summary>Mean and t(0.975, n − 1)·s/√n of the initial losses of seeds 0 … n − 1, computed from the problems directly.</summary>
    private static (double Mean, double Half) InitialLossInterval(MlpProblem problem, int n)
    {
        using var scope = NewDisposeScope();
        var losses = Enumerable.Range(0, n).Select(s =>
        {
            var (model, data) = problem.WithSeed(s).Create();
            return TrainingSnapshots.LossAt(model, data, problem.Loss);
        }).ToList();
        double m = losses.Average(), sd = Math.Sqrt(losses.Sum(x => (x - m) * (x - m)) / (n - 1));
        Assert.Equal(3, n);
        return (m, 4.302652729911275 * sd / Math.Sqrt(n)); // t(0.975, 2 d.f.) exactly: 0.95·√(2 / (1 − 0.95²))
    }

    /// <summary>Statistics.StudentT tabulates t to 3 decimals (4.303 for 2 d.f.): equal to 1e-4 relative.</summary>
    private static void AssertHalfWidth(double expected, double actual) =>
        Assert.InRange(actual, expected * (1 - 1e-4), expected * (1 + 1e-4));

    [Fact]
    public void E6_results_hold_the_interval_of_three_seeds_at_init_and_after_training()
    {
        using var dir = new TempDir();
        new E6DeepExperiment().Run(new ExperimentContext(dir.Path, Quick: true, Seeds: 3));
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("results.json")));
        var root = doc.RootElement;
        Assert.Equal(3, root.GetProperty("seeds").GetInt32());
        Assert.Equal(new long[] { 0, 1, 2 }, root.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("seed").GetInt64()));
        var loss = root.GetProperty("summary").EnumerateArray().First(e => e.GetProperty("quantity").GetString() == "loss");
        var (mean, half) = InitialLossInterval(E6DeepExperiment.Quick, 3);
        Assert.Equal(mean, loss.GetProperty("atInit").GetProperty("mean").GetDouble(), 10);
        AssertHalfWidth(half, loss.GetProperty("atInit").GetProperty("halfWidth").GetDouble());
        Assert.True(loss.GetProperty("atEnd").GetProperty("mean").GetDouble() < mean, "training lowers the mean loss");
        Assert.Equal(3, loss.GetProperty("atEnd").GetProperty("count").GetInt32());
        var share = root.GetProperty("summary").EnumerateArray().Count(e => e.GetProperty("quantity").GetString()!.StartsWith("mean ‖H_lk‖²/‖H‖² at layer distance"));
        Assert.Equal(3, share);
    }

    [Fact]
    public void E2_results_hold_the_interval_of_three_seeds_per_preset()
    {
        using var dir = new TempDir();
        new E2TrainingExperiment().Run(new ExperimentContext(dir.Path, Quick: true, Seeds: 3, Preset: ProblemPreset.Paper));
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("results.json")));
        var loss = doc.RootElement.GetProperty("atInit")[0];
        Assert.Equal("loss", loss.GetProperty("quantity").GetString());
        var paper = loss.GetProperty("byPreset").GetProperty("paper");
        var (mean, half) = InitialLossInterval(MlpPresets.Apply(ProblemPreset.Paper, E1InitExperiment.Quick), 3);
        Assert.Equal(3, paper.GetProperty("count").GetInt32());
        Assert.Equal(mean, paper.GetProperty("mean").GetDouble(), 6);
        AssertHalfWidth(half, paper.GetProperty("halfWidth").GetDouble());
    }
}
