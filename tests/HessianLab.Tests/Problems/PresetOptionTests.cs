using System.Globalization;
using System.Text.Json;
using HessianLab.Cli;
using HessianLab.Experiments;
using HessianLab.Experiments.Hessians;
using HessianLab.Losses;
using HessianLab.Problems;
using HessianLab.Tests.Plots;
using HessianLab.Tests.TestSupport;
using HessianLab.Training;
using Spectre.Console.Testing;
using static TorchSharp.torch;

namespace HessianLab.Tests.Problems;

/// <summary>`--preset paper|theory` on `train` and `experiment E1/E2/E3/E6` builds the preset's problem; contradicting options are errors.</summary>
[Collection(TorchCollection.Name)]
public sealed class PresetOptionTests
{
    private static (int Code, string Output) Cli(params string[] args)
    {
        var console = new TestConsole { EmitAnsiSequences = false };
        console.Profile.Width = 100_000;
        int code = CliApp.Run(args, console);
        return (code, console.Output);
    }

    [Fact]
    public void Train_preset_paper_steps_like_torch_Adam_lr_1e4_with_T_max_50000_on_the_float32_torch_init_problem()
    {
        using var dir = new TempDir();
        var (code, output) = Cli("train", "--preset", "paper", "--layers", "12,4,6", "--samples", "40", "--steps", "5", "--seed", "3", "--out", dir.Path);
        Assert.True(code == 0, output);

        // Reference: the same problem from MlpPresets, trained by FullBatchTrainer's own torch.optim.Adam.
        using var scope = NewDisposeScope();
        var problem = MlpPresets.Paper(new[] { 12, 4, 6 }, 40, steps: 5, seed: 3);
        var (model, data) = problem.Create();
        Assert.Equal(ScalarType.Float32, model.Weight(1).dtype);
        var expected = FullBatchTrainer.Train(model, data, LossKind.Ce, problem.Training);
        var csv = File.ReadAllLines(dir.File("train_losses.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(6, csv.Count);
        for (int t = 0; t < 6; t++)
            Assert.Equal(expected[t], double.Parse(csv[t][2], CultureInfo.InvariantCulture), 5);
        // The schedule column is the cosine with T_max = 50,000, not with the run's 5 steps.
        Assert.Equal(1e-4 * 0.5 * (1 + Math.Cos(Math.PI * 4 / 50_000)), double.Parse(csv[4][1], CultureInfo.InvariantCulture), 12);
        using var run = JsonDocument.Parse(File.ReadAllText(dir.File("train_run.json")));
        Assert.Equal("Float32", run.RootElement.GetProperty("dType").GetString());
        Assert.Equal("Torch", run.RootElement.GetProperty("init").GetString());
        Assert.Equal(1003, run.RootElement.GetProperty("dataSeed").GetInt64());
    }

    [Theory]
    [InlineData("--optimizer muon", "--optimizer muon contradicts --preset paper")]
    [InlineData("--lr 0.001", "--lr 0.001 contradicts --preset paper")]
    [InlineData("--wd 0.01", "--wd 0.01 contradicts --preset paper")]
    [InlineData("--schedule constant", "--schedule constant contradicts --preset paper")]
    [InlineData("--preset lecun", "--preset: 'lecun' is unknown")]
    public void Train_options_that_contradict_the_paper_preset_are_one_line_errors(string extra, string message)
    {
        var args = new List<string> { "train", "--preset", "paper", "--layers", "4,3,2", "--samples", "5", "--steps", "1", "--out", Path.GetTempPath() };
        var parts = extra.Split(' ');
        if (parts[0] == "--preset") args.RemoveRange(1, 2);
        args.AddRange(parts);
        var (code, output) = Cli(args.ToArray());
        Assert.Equal(1, code);
        Assert.Contains(message, output);
        Assert.Single(output.Trim().Split('\n'));
    }

    [Fact]
    public void Experiment_preset_is_an_error_for_an_experiment_without_an_MLP_problem()
    {
        var (code, output) = Cli("experiment", "E5", "--quick", "--preset", "paper", "--out", Path.GetTempPath());
        Assert.Equal(1, code);
        Assert.Contains("--preset applies to E1, E2, E3, E6 only, not E5", output);
    }

    [Fact]
    public void Experiment_E3_preset_paper_computes_the_torch_init_float32_problem()
    {
        using var dir = new TempDir();
        var (code, output) = Cli("experiment", "E3", "--quick", "--seeds", "1", "--preset", "paper", "--out", dir.Path);
        Assert.True(code == 0, output);
        using var config = JsonDocument.Parse(File.ReadAllText(dir.File("config.json")));
        Assert.Equal("paper", config.RootElement.GetProperty("preset").GetString());
        Assert.Equal("Torch", config.RootElement.GetProperty("init").GetString());

        // ρ of C = 4, CE, seed 0 against the preset's problem built here (float32 Hessian blocks).
        using var metrics = JsonDocument.Parse(File.ReadAllText(dir.File("metrics.json")));
        var point = metrics.RootElement.GetProperty("points").EnumerateArray().First(p => p.GetProperty("loss").GetString() == "CE" && p.GetProperty("classes").GetInt32() == 4);
        using var scope = NewDisposeScope();
        var problem = E3ClassesExperiment.ProblemOf(ProblemPreset.Paper, E3ClassesExperiment.Quick, LossKind.Ce, 4, 0);
        var (model, data) = problem.Create();
        using var hess = HessianLab.Curvature.AutogradHessian.ForMlp(model, () => Loss.Compute(LossKind.Ce, model.forward(data.X), data.Y));
        var h = hess.Full().to_type(ScalarType.Float64);
        var ww = h.narrow(0, 0, 30 * 4).narrow(1, 0, 30 * 4);
        double diag = 0, all = ww.square().sum().item<double>();
        for (int i = 0; i < 4; i++) diag += ww.narrow(0, i * 30, 30).narrow(1, i * 30, 30).square().sum().item<double>();
        // ρ = mean off-diagonal block energy / mean diagonal block energy over the 4 neuron blocks.
        Assert.Equal((all - diag) / (4 * 3) / (diag / 4), point.GetProperty("rhoHidden").GetDouble(), 4);
    }

    [Fact]
    public void E1_with_one_preset_runs_only_that_preset()
    {
        using var dir = new TempDir();
        var result = new E1InitExperiment().Run(new ExperimentContext(dir.Path, Quick: true, Seeds: 2, Preset: ProblemPreset.Paper));
        using var results = JsonDocument.Parse(File.ReadAllText(dir.File("results.json")));
        Assert.Equal(new[] { "paper" }, results.RootElement.GetProperty("presets").EnumerateArray().Select(e => e.GetString()));
        Assert.All(results.RootElement.GetProperty("rows").EnumerateArray(), r => Assert.Equal("Paper", r.GetProperty("preset").GetString()));
        Assert.Contains(result.Files, f => f.EndsWith("paper_init_H_WV.png"));
        Assert.DoesNotContain(result.Files, f => Path.GetFileName(f).StartsWith("init_"));
    }
}
