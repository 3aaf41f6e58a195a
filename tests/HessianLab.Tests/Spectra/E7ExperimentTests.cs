using System.Globalization;
using HessianLab.Experiments;
using HessianLab.Experiments.Rmt;
using HessianLab.Spectra;
using HessianLab.Tests.TestSupport;

namespace HessianLab.Tests.Spectra;

[Collection(TorchCollection.Name)]
public sealed class E7ExperimentTests
{
    private static readonly E7Settings Tiny = new(60, 10, 12, new[] { 1.0, 4.0 }, new[] { 0.5, 0.5 },
        0.25, new[] { 40, 80 }, new[] { 10, 6 }, new[] { SoftmaxModelKind.Linear }, 10, 8, 30);

    [Fact]
    public void Given_tiny_settings_E7_writes_its_pictures_and_a_moment_table_whose_rows_match_the_theory()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"e7-test-{Guid.NewGuid():N}");
        try
        {
            var result = new E7RandomMatrixExperiment { Settings = Tiny }.Run(new ExperimentContext(dir, Quick: true, Seed: 4));

            foreach (var name in new[] { "E7a_marchenko_pastur.png", "E7b_generalized_mp.png", "E7c_linear-softmax.png", "E7c_moment_gap.png" })
            {
                var bytes = File.ReadAllBytes(Path.Combine(dir, name));
                Assert.True(bytes.Length > 10_000 && bytes[1] == (byte)'P' && bytes[2] == (byte)'N' && bytes[3] == (byte)'G', $"{name} is not a drawn PNG");
            }
            var csv = File.ReadAllLines(Path.Combine(dir, "E7_moments.csv"));
            Assert.Equal(string.Join(",", MomentRow.CsvHeader), csv[0]);
            Assert.Equal(1 + 1 + 2 * 2, csv.Length - 1);          // (a), (b), (c) and its copy at two sizes
            Assert.True(File.Exists(Path.Combine(dir, "E7_config.json")));
            Assert.Equal(csv.Length, result.Table.Count);

            // (a): Λ = I, exact finite-size values 1 and (d + 1)/n + 1 (here (61)/10 + 1 = 7.1).
            var a = csv[1].Split(',');
            Assert.Equal("a", a[0]);
            Assert.Equal(7.1, double.Parse(a[Array.IndexOf(MomentRow.CsvHeader.ToArray(), "m2_theory_finite")], CultureInfo.InvariantCulture), 12);
            Assert.Equal(1.0, double.Parse(a[Array.IndexOf(MomentRow.CsvHeader.ToArray(), "m1_empirical")], CultureInfo.InvariantCulture), 0.05);
            Assert.True(double.Parse(a[^1], CultureInfo.InvariantCulture) < 0.05);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Given_the_registry_E7_is_listed()
    {
        Assert.IsType<E7RandomMatrixExperiment>(ExperimentRegistry.Get("e7"));
    }
}
