using System.Text.Json;
using HessianLab.Experiments;
using HessianLab.Experiments.LanguageModel;
using HessianLab.Models.Gpt;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.Experiments;

[Collection(TorchCollection.Name)]
public sealed class LanguageModelBenchmarkTests
{
    [Fact]
    public void The_schedule_is_constant_for_30_percent_then_linear_to_zero()
    {
        Assert.Equal(1.0, E11OptimizerBenchmark.Schedule(0, 100));
        Assert.Equal(1.0, E11OptimizerBenchmark.Schedule(29, 100));
        Assert.Equal(0.5, E11OptimizerBenchmark.Schedule(65, 100), 12);
        Assert.Equal(0.0, E11OptimizerBenchmark.Schedule(100, 100), 12);
    }

    [Theory]
    [InlineData("adamw")]
    [InlineData("adam-mini")]
    [InlineData("muon")]
    [InlineData("normuon")]
    [InlineData("normuon-bench")]
    public void Every_optimizer_lowers_a_small_GPT_loss_on_a_fixed_batch(string name)
    {
        using var scope = NewDisposeScope();
        var model = new Gpt(new GptConfig(Vocab: 13, Context: 8, Layers: 1, Heads: 2, Dim: 8), seed: 1);
        var (opt, label) = GptOptimizers.Create(name, model, name.Contains("muon") ? 0.02 : 3e-3, 3e-3);
        using var gen = new TorchSharp.torch.Generator(2);
        var batch = randint(0, 13, new long[] { 4, 9 }, ScalarType.Int64, generator: gen);
        double first = model.Loss(batch).item<float>();
        for (int t = 0; t < 30; t++)
        {
            opt.zero_grad();
            model.Loss(batch).backward();
            opt.step();
        }
        double last = model.Loss(batch).item<float>();
        Assert.True(last < first - 0.1, $"{label}: {first} → {last}");
        Assert.Contains(name == "normuon-bench" ? "benchmark rule" : name == "normuon" ? "code rule" : "", label);
    }

    [Fact]
    public void Adam_mini_blocks_follow_the_transformer_structure()
    {
        using var scope = NewDisposeScope();
        var model = new Gpt(new GptConfig(Vocab: 13, Context: 8, Layers: 1, Heads: 2, Dim: 8), seed: 1);
        var (opt, _) = GptOptimizers.Create("adam-mini", model, 1e-3, 1e-3);
        var blocks = ((HessianLab.Optim.AdamMini)opt).Assignments.ToDictionary(a => a.Name, a => a.BlockCount);
        Assert.Equal(2, blocks["blocks.0.q.weight"]);      // one per head
        Assert.Equal(8, blocks["blocks.0.v.weight"]);      // one per output neuron
        Assert.Equal(32, blocks["blocks.0.fc.weight"]);
        Assert.Equal(13, blocks["tok.weight"]);            // one per token
        Assert.Equal(1, blocks["blocks.0.ln1.weight"]);    // one per gain tensor
        Assert.Equal(8, blocks["blocks.0.ln1.bias"]);      // per element
    }

    [Fact]
    public void E11_quick_reports_all_five_optimizers_below_the_uniform_loss()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"E11-{Guid.NewGuid():N}");
        try
        {
            var result = new E11OptimizerBenchmark().Run(new ExperimentContext(dir, Quick: true, Seeds: 2));
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "results.json")));
            var summary = doc.RootElement.GetProperty("summary").EnumerateArray().ToList();
            Assert.Equal(new[] { "adamw", "adam-mini", "muon", "normuon", "normuon-bench" }, summary.Select(s => s.GetProperty("optimizer").GetString()));
            Assert.All(summary, s => Assert.True(s.GetProperty("final").GetProperty("mean").GetDouble() < Math.Log(256), "should beat the uniform predictor"));
            Assert.True(new FileInfo(Path.Combine(dir, "validation_loss.png")).Length > 10_000);
            Assert.Equal(6, result.Table.Count);
        }
        finally { Directory.Delete(dir, true); }
    }
}
