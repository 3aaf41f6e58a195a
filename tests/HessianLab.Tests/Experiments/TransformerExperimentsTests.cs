using System.Text.Json;
using HessianLab.Experiments;
using HessianLab.Experiments.Transformers;
using HessianLab.Tests.TestSupport;

namespace HessianLab.Tests.Experiments;

[Collection(TorchCollection.Name)]
public sealed class TransformerExperimentsTests
{
    [Fact]
    public void E8_quick_measures_byte_and_gpt2_vocabularies_at_init_and_trained_with_seed_intervals()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"E8-{Guid.NewGuid():N}");
        var result = new E8TransformerExperiment().Run(new ExperimentContext(dir, Quick: true, Seeds: 2));
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "results.json")));
            var summary = doc.RootElement.GetProperty("summary").EnumerateArray().ToList();
            // Two settings (bytes, GPT-2 BPE) × two points (initialization, trained).
            Assert.Equal(new[] { 256, 256, 50257, 50257 }, summary.Select(r => r.GetProperty("classes").GetInt32()));
            Assert.Equal(new[] { 0, 30, 0, 30 }, summary.Select(r => r.GetProperty("step").GetInt32()));
            foreach (var r in summary)
            {
                var ratio = r.GetProperty("diagOverOffSame");
                Assert.Equal(2, ratio.GetProperty("count").GetInt32());
                Assert.True(ratio.GetProperty("mean").GetDouble() > 0);
                Assert.True(double.IsFinite(ratio.GetProperty("halfWidth").GetDouble()));
                Assert.Equal(new[] { "fc", "k", "o", "q", "v" }, r.GetProperty("roles").EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal));
            }
            var points = doc.RootElement.GetProperty("points").EnumerateArray().ToList();
            Assert.Equal(8, points.Count);
            Assert.All(points, p => Assert.Equal(p.GetProperty("step").GetInt64() * 4 * 16, p.GetProperty("tokensSeen").GetInt64()));
            foreach (var f in new[] { "bytes-d8-L1_submatrix.png", "gpt2-d8-L1_submatrix.png", "bytes-d8-L1_neuron_energy.png", "trend.png", "summary.csv", "config.json" })
                Assert.True(File.Exists(Path.Combine(dir, f)), f);
            Assert.Equal(5, result.Table.Count);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void E9_quick_reports_every_weight_matrix_with_ordered_extreme_eigenvalues()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"E9-{Guid.NewGuid():N}");
        var result = new E9HeterogeneityExperiment().Run(new ExperimentContext(dir, Quick: true, Seeds: 2));
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "results.json")));
            Assert.Equal(2, doc.RootElement.GetProperty("seeds").GetInt32());
            var seeds = doc.RootElement.GetProperty("perSeed").EnumerateArray().ToList();
            foreach (var rows in seeds.Select(s => s.EnumerateArray().ToList()))
            {
                Assert.Equal(9, rows.Count);   // tok, pos, q, k, v, o, fc, proj, head of a 1-block GPT
                foreach (var r in rows)
                {
                    Assert.True(r.GetProperty("topEigenvalue").GetDouble() >= r.GetProperty("bottomEigenvalue").GetDouble());
                    Assert.True(r.GetProperty("rowNormMax").GetDouble() >= r.GetProperty("rowNormMin").GetDouble());
                }
            }
            Assert.True(doc.RootElement.GetProperty("lambdaMaxSpan").GetProperty("mean").GetDouble() >= 1);
            foreach (var f in new[] { "blockwise_spectral_density.png", "lambda_max.png", "row_gradient_norms.png" })
                Assert.True(new FileInfo(Path.Combine(dir, f)).Length > 10_000, f);
            Assert.Contains("λ_max", result.Headline);
        }
        finally { Directory.Delete(dir, true); }
    }
}
