using System.Diagnostics;
using HessianLab.Core;
using HessianLab.IO;
using HessianLab.Models;
using HessianLab.Structure;
using static TorchSharp.torch;

namespace HessianLab.Runs.Tiles;

/// <summary>Writes the outputs of a Hessian run from its bands — hessian.npy (memory-mapped), metrics.json,
/// config.json and the pictures — into a staging folder, holding one band at a time (<see cref="BandAssembler"/>).</summary>
internal static class BandedResult
{
    /// <summary>Refuses, with the numbers, a P × P float64 hessian.npy that does not fit on the disk of <paramref name="dir"/>.</summary>
    /// <exception cref="IOException">Not enough free space.</exception>
    public static void EnsureDiskFits(string dir, long p, long extraBytes = 0)
    {
        string full = Path.GetFullPath(dir);
        while (!Directory.Exists(full)) full = Path.GetDirectoryName(full) ?? throw new IOException($"no existing folder above '{dir}'");
        long need = NpyMatrixWriter.FileBytes(p, p) + extraBytes, free = new DriveInfo(full).AvailableFreeSpace;
        if (need > free)
            throw new IOException($"the {p}×{p} float64 Hessian needs {MemoryPlan.Format(need)} on disk but '{full}' has {MemoryPlan.Format(free)} free; use a larger disk or a smaller network");
    }

    /// <summary>Assembles the bands (each produced by <paramref name="band"/>, in order) and writes every output.</summary>
    /// <returns>The files written (staging paths), the analysis, and seconds per phase.</returns>
    public static (List<string> Files, StructureAnalysis Analysis, Dictionary<string, double> Seconds) Write(string staging,
        ParameterLayout layout, IReadOnlyList<RowBand> bands, Func<int, Tensor> band, string net, object config, object extraMetrics,
        Action<string, int, int>? progress)
    {
        var seconds = new Dictionary<string, double> { ["bands"] = 0, ["assemble"] = 0 };
        var sw = Stopwatch.StartNew();
        var files = new List<string>();
        string npy = Path.Combine(staging, "hessian.npy");
        using var assembler = new BandAssembler(npy, layout);
        for (int k = 0; k < bands.Count; k++)
        {
            using var scope = TorchSharp.torch.NewDisposeScope();
            var rows = band(k);
            seconds["bands"] += Lap(sw);
            NonFinite.ThrowIfAny(rows, $"band {k + 1} of the Hessian");
            assembler.Add(bands[k], rows);
            seconds["assemble"] += Lap(sw);
            progress?.Invoke("Hessian bands", k + 1, bands.Count);
        }
        var (analysis, maxAbs) = assembler.Finish();
        files.Add(npy);
        seconds["finish"] = Lap(sw);
        files.AddRange(assembler.WritePictures(staging, net, analysis));
        seconds["plots"] = Lap(sw);
        files.Add(JsonFiles.Write(Path.Combine(staging, "config.json"), config));
        files.Add(JsonFiles.Write(Path.Combine(staging, "metrics.json"), new
        {
            parameters = layout.Count,
            bands = bands.Count,
            seconds,
            layerBlockFrobenius = HessianRun.LayerNorms(analysis, layout),
            structure = analysis.Metrics,
            hessianFrobenius = analysis.Metrics.FrobeniusNorm,
            maxAbs,
            run = extraMetrics,
        }));
        return (files, analysis, seconds);
    }

    /// <summary>The title of the pictures, as <see cref="HessianRun"/> writes it.</summary>
    public static string NetTitle(TileOptions o) => HessianPictures.NetTitle(o.Layers, o.Activation, o.Loss, o.Samples, o.TrainSteps);

    private static double Lap(Stopwatch sw)
    {
        double s = sw.Elapsed.TotalSeconds;
        sw.Restart();
        return s;
    }
}
