using HessianLab.IO;
using HessianLab.Reports;
using HessianLab.Viewer.Rendering;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Reports;

/// <summary>A reproduce-like output folder: E10, E2 (with a saved 6×6 Hessian) and E1, each with result.json,
/// a PNG and a JSON file; E2's headline holds HTML-special characters.</summary>
public sealed class ReportFolder : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("hessianlab-report-").FullName;

    /// <summary>PNG bytes per experiment id.</summary>
    public Dictionary<string, byte[]> Pictures { get; } = new();

    public ReportFolder()
    {
        foreach (var id in new[] { "E10", "E2", "E1" })
        {
            string dir = Path.Combine(Root, id);
            Directory.CreateDirectory(dir);
            var rgb = new byte[3 * 4 * 3];
            new Random(id.Length).NextBytes(rgb);
            Pictures[id] = PngEncoder.EncodeRgb(rgb, 4, 3);
            File.WriteAllBytes(Path.Combine(dir, $"{id}_picture.png"), Pictures[id]);
            File.WriteAllText(Path.Combine(dir, $"{id}_numbers.json"), "{\"x\": 1}");
            var files = new List<string> { $"{id}_picture.png", $"{id}_numbers.json" };
            if (id == "E2")
            {
                using var h = torch.eye(6, dtype: ScalarType.Float64);
                Npy.Save(Path.Combine(dir, "hessian.npy"), h);
                using var w = torch.ones(new long[] { 2, 3 }, ScalarType.Float64);
                Npy.Save(Path.Combine(dir, "W1.npy"), w);
            }
            new ExperimentRecord(id, $"title of {id}", $"claim of {id}", id == "E2" ? "ρ < 0.01 & \"H\" <b>bold</b>" : $"headline of {id}",
                [["quantity", "value"], [$"{id} row", "1.5"]], files, 2.5, Quick: true).Save(dir);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, true); } catch (IOException) { }
    }
}
