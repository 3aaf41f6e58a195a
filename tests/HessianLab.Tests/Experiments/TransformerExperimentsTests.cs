using System.Text.Json;
using HessianLab.Experiments;
using HessianLab.Experiments.Transformers;
using HessianLab.Tests.TestSupport;

namespace HessianLab.Tests.Experiments;

[Collection(TorchCollection.Name)]
public sealed class TransformerExperimentsTests
{
    private static (ExperimentResult Result, string Dir) RunQuick(IExperiment e)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"{e.Id}-{Guid.NewGuid():N}");
        return (e.Run(new ExperimentContext(dir, Quick: true, Seeds: 1)), dir);
    }

    [Fact]
    public void E8_quick_measures_byte_and_gpt2_vocabularies_with_finite_block_energies()
    {
        var (result, dir) = RunQuick(new E8TransformerExperiment());
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "results.json")));
            var rows = doc.RootElement.EnumerateArray().ToList();
            Assert.Equal(new[] { 256, 50257 }, rows.Select(r => r.GetProperty("classes").GetInt32()));
            foreach (var r in rows)
            {
                Assert.True(r.GetProperty("diagonalEnergy").GetDouble() > 0);
                double rho = r.GetProperty("rhoSame").GetDouble();
                Assert.True(double.IsFinite(rho) && rho > 0, $"ρ = {rho}");
            }
            foreach (var f in new[] { "bytes_submatrix.png", "gpt2_submatrix.png", "bytes_neuron_energy.png", "summary.csv", "config.json" })
                Assert.True(File.Exists(Path.Combine(dir, f)), f);
            Assert.Equal(3, result.Table.Count);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void E9_quick_reports_every_weight_matrix_with_ordered_extreme_eigenvalues()
    {
        var (result, dir) = RunQuick(new E9HeterogeneityExperiment());
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "results.json")));
            var rows = doc.RootElement.EnumerateArray().ToList();
            Assert.Equal(9, rows.Count);   // tok, pos, q, k, v, o, fc, proj, head of a 1-block GPT
            foreach (var r in rows)
            {
                Assert.True(r.GetProperty("topEigenvalue").GetDouble() >= r.GetProperty("bottomEigenvalue").GetDouble());
                Assert.True(r.GetProperty("rowNormMax").GetDouble() >= r.GetProperty("rowNormMin").GetDouble());
            }
            foreach (var f in new[] { "blockwise_spectral_density.png", "lambda_max.png", "row_gradient_norms.png" })
                Assert.True(new FileInfo(Path.Combine(dir, f)).Length > 10_000, f);
            Assert.Contains("λ_max", result.Headline);
        }
        finally { Directory.Delete(dir, true); }
    }
}
