using System.Text.Json;
using HessianLab.Experiments;
using HessianLab.IO;
using HessianLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Viewer;

/// <summary>A temporary result folder shaped like `hessianlab hessian`'s output: a seeded symmetric float64
/// "Hessian" for the MLP 25→20→5 (P = 600: W1 is 20×25, W2 is 5×20), its config.json (with the θ segments) and
/// metrics.json. Entries span many decades and both signs so linear, log and signed colours all differ.</summary>
public sealed class KnownHessianFolder : IDisposable
{
    /// <summary>Folder path.</summary>
    public string Dir { get; } = Directory.CreateTempSubdirectory("hessianlab-view-").FullName;

    /// <summary>The matrix, row-major P×P.</summary>
    public double[,] H { get; }

    /// <summary>θ layout (W1, W2).</summary>
    public ParameterLayout Layout { get; } = ParameterLayout.ForMlp([25, 20, 5], bias: false);

    /// <summary>P.</summary>
    public int P => (int)Layout.Count;

    /// <summary>max |H|.</summary>
    public double MaxAbs { get; }

    public KnownHessianFolder(bool float32 = false)
    {
        var rng = new Random(12);
        int p = P;
        H = new double[p, p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j <= i; j++)
            {
                double magnitude = Math.Pow(10, -5 * rng.NextDouble()); // 1e-5 … 1
                double v = (rng.Next(2) == 0 ? -1 : 1) * magnitude * (i / 25 == j / 25 ? 3 : 1);
                H[i, j] = H[j, i] = v;
            }
        H[7, 530] = H[530, 7] = 2.5e-3; // the entry the browser test inspects: W1[0, 7] × W2[1, 10]
        MaxAbs = H.Cast<double>().Max(Math.Abs);
        using var t = torch.tensor(H.Cast<double>().ToArray(), [p, p], ScalarType.Float64);
        using var saved = float32 ? t.to_type(ScalarType.Float32) : t.alias();
        Npy.Save(Path.Combine(Dir, "hessian.npy"), saved);
        File.WriteAllText(Path.Combine(Dir, "config.json"), JsonSerializer.Serialize(new
        {
            layers = "25,20,5",
            samples = 64,
            parameters = p,
            segments = Layout.Segments,
        }, ExperimentContext.Json));
        File.WriteAllText(Path.Combine(Dir, "metrics.json"), JsonSerializer.Serialize(new
        {
            parameters = p,
            loss = 1.25,
            layerBlockFrobenius = new[] { new { row = "W1", column = "W1", frobenius = 2.0 }, new { row = "W1", column = "W2", frobenius = 0.5 },
                                          new { row = "W2", column = "W1", frobenius = 0.5 }, new { row = "W2", column = "W2", frobenius = 1.0 } },
        }, ExperimentContext.Json));
        Directory.CreateDirectory(Path.Combine(Dir, "inputs"));
        File.WriteAllText(Path.Combine(Dir, "inputs", "note.txt"), "inside");
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
