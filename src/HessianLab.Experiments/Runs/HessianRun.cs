using System.Diagnostics;
using HessianLab.Core;
using HessianLab.Curvature;
using HessianLab.Curvature.Exact;
using HessianLab.Data;
using HessianLab.IO;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Structure;
using HessianLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Runs;

/// <summary>Builds the network and data, optionally trains, computes the exact Hessian over the whole
/// data set, and writes hessian.npy (float64, or float32 when computed in float32), the inputs, config.json,
/// metrics.json (numbers, seconds per phase, peak resident memory), the pictures and manifest.json
/// as one result folder (<see cref="ResultFolder"/>: the previous result stays until the new one is complete).</summary>
public static partial class HessianRun
{
    /// <summary>Runs the job. <paramref name="progress"/> gets (phase, done, total) for long loops.</summary>
    /// <param name="o">The run.</param>
    /// <param name="progress">Progress of long loops.</param>
    /// <param name="record">What started the run, for the manifest (default: a library call).</param>
    /// <exception cref="ArgumentException">Bad options (before anything is allocated).</exception>
    /// <exception cref="InsufficientMemoryException">The run does not fit in memory (before anything is allocated).</exception>
    /// <exception cref="IOException">The output folder cannot be used, or another run holds it.</exception>
    /// <exception cref="ArithmeticException">Training diverged or the Hessian is not finite (nothing is written).</exception>
    public static HessianRunResult Execute(HessianRunOptions o, Action<string, int, int>? progress = null, RunRecord? record = null)
    {
        o.Validated();
        o.MemoryPlan().EnsureFits($"the Hessian run ({o.Model.WidthsText}, N = {o.Samples})");
        using var folder = ResultFolder.Begin(o.OutDir, record ?? RunRecord.Library("HessianRun.Execute", o.Seed));
        var spec = o.Model;
        var device = Devices.Parse(o.Device);
        var dtype = o.Float32 ? ScalarType.Float32 : ScalarType.Float64;
        var layout = ParameterLayout.ForMlp(spec.Widths, spec.Bias);

        var seconds = new Dictionary<string, double>();
        var sw = Stopwatch.StartNew();
        using var scope = torch.NewDisposeScope();
        var data = SyntheticData.Create(o.Data, o.Samples, spec.InputDim, spec.OutputDim, o.Seed, dtype, device);
        using var model = new Mlp(spec, o.InitSeed, dtype, device);
        seconds["setup"] = Lap(sw);

        double[] losses = Array.Empty<double>();
        if (o.TrainingOrNone.Steps > 0)
        {
            int steps = o.TrainingOrNone.Steps;
            losses = FullBatchTrainer.Train(model, data, o.Loss, o.TrainingOrNone,
                onStep: (t, _) => progress?.Invoke("training", t + 1, steps));
            NonFinite.ThrowIfAny(model.parameters(), "the weights after training");
            seconds["train"] = Lap(sw);
        }

        var (hessian, ggn, method) = ComputeHessian(o, model, data, progress);
        var extremes = Extremes.Of(hessian);   // one pass: the finiteness check and max |H| for metrics.json
        NonFinite.ThrowIfAny(extremes, hessian, "the Hessian");
        seconds["hessian"] = Lap(sw);
        double loss;
        using (torch.no_grad()) loss = Loss.Compute(o.Loss, model.forward(data.X), data.Y).to_type(ScalarType.Float64).item<double>();
        FaultPoint.Hit("computed");

        // The metrics and the pooled maps are libtorch reductions over H on all cores; they run first, because an
        // OpenMP region that shares a core with another thread waits for it at every barrier (measured: pooling 0.2 s
        // alone, 1.0–1.3 s next to the file writer). Then the matrix and inputs are written while the pictures are
        // drawn (managed code and Skia, no barriers), both only reading H.
        string dir = folder.Staging;
        StructureAnalysis analysis;
        using (var residual = ggn is null ? null : hessian - ggn)
            analysis = StructureAnalysis.Analyze(hessian, layout, ggn: ggn, residual: residual);
        var norms = LayerNorms(analysis, layout);
        seconds["metrics"] = Lap(sw);
        var pooled = new HessianPictures(layout);
        pooled.AddRows(0, hessian);
        seconds["pooled maps"] = Lap(sw);

        var writeClock = Stopwatch.StartNew();
        // On a thread of its own (LongRunning), not a pool worker: the pictures are drawn by Parallel.For on the pool,
        // which on 2 cores has 2 workers and adds more only slowly — a writer holding one halves the drawing.
        var written = Task.Factory.StartNew(() =>
        {
            var paths = new List<string> { Save(dir, "hessian.npy", hessian) };
            paths.AddRange(SaveInputs(Path.Combine(dir, "inputs"), model, data));
            return (Paths: paths, Seconds: writeClock.Elapsed.TotalSeconds);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        IReadOnlyList<string> pictures;
        try
        {
            pictures = pooled.Write(dir, NetTitle(o), analysis);
            seconds["plots"] = Lap(sw);
        }
        finally
        {
            // Never leave the writer running over tensors and a folder that are about to be disposed.
            try { written.Wait(); } catch (AggregateException) when (!written.IsCompletedSuccessfully) { }
        }
        var (files, writeSeconds) = written.GetAwaiter().GetResult();
        seconds["write (alongside plots)"] = writeSeconds;
        seconds["write wait"] = Lap(sw);
        files.AddRange(pictures);

        files.Add(JsonFiles.Write(Path.Combine(dir, "config.json"), Config(o, layout, method)));
        files.Add(JsonFiles.Write(Path.Combine(dir, "metrics.json"), new
        {
            parameters = layout.Count,
            loss,
            method,
            seconds,
            layerBlockFrobenius = norms,
            structure = analysis.Metrics,
            hessianFrobenius = analysis.Metrics.FrobeniusNorm,   // from the block maps, as the banded run reports it: no further pass over H
            maxAbs = extremes.MaxAbs,
            trainingLoss = losses,
            peakResidentBytes = ProcessMemory.PeakResidentBytes(),
        }));
        folder.Commit();
        seconds["commit"] = Lap(sw);
        return new HessianRunResult(layout.Count, loss, method, seconds, norms, files.Select(folder.FinalPathOf).ToList(), analysis.Metrics);
    }

    private static (Tensor Hessian, Tensor? Ggn, string Method) ComputeHessian(HessianRunOptions o, Mlp model, Dataset data, Action<string, int, int>? progress)
    {
        var method = HessianBuilder.Resolve(model, o.Method);
        if (method == HessianMethod.Autograd)
        {
            var full = HessianBuilder.Full(model, data, o.Loss, method, progress: (done, total) => progress?.Invoke("hessian rows (autograd)", done, total));
            return (full, null, "autograd");
        }
        var engine = HessianBuilder.Exact(model, data, o.Loss, new ExactHessianOptions(o.MemoryBudgetBytes, o.Float32 ? ScalarType.Float32 : ScalarType.Float64).Validated());
        var h = engine.Full();
        return (h, o.Parts ? engine.Ggn() : null, "exact");
    }

    /// <summary>‖H_{W_l W_k}‖_F for every pair of layers, from the analysis's layer block map (no second pass over H).</summary>
    public static IReadOnlyList<LayerBlockNorm> LayerNorms(StructureAnalysis analysis, ParameterLayout layout)
    {
        var f = analysis.Layers.FrobeniusMap();
        var list = new List<LayerBlockNorm>();
        for (int i = 0; i < layout.Segments.Count; i++)
            for (int j = 0; j < layout.Segments.Count; j++)
                list.Add(new LayerBlockNorm(layout.Segments[i].Name, layout.Segments[j].Name, f[i, j]));
        return list;
    }

    private static IEnumerable<string> SaveInputs(string dir, Mlp model, Dataset data)
    {
        yield return Save(dir, "X.npy", data.X);
        yield return Save(dir, "y.npy", data.Y);
        for (int l = 1; l <= model.Spec.Depth; l++)
        {
            yield return Save(dir, $"W{l}.npy", model.Weight(l));
            if (model.Bias(l) is { } b) yield return Save(dir, $"b{l}.npy", b);
        }
    }

    private static string Save(string dir, string name, Tensor t)
    {
        string p = Path.Combine(dir, name);
        Npy.Save(p, t);
        return p;
    }

    private static object Config(HessianRunOptions o, ParameterLayout layout, string method) => new
    {
        layers = o.Model.WidthsText,
        activation = o.Model.Activation.ToString().ToLowerInvariant(),
        bias = o.Model.Bias,
        init = o.Model.Init.ToString().ToLowerInvariant(),
        loss = o.Loss.ToString().ToLowerInvariant(),
        samples = o.Samples,
        data = o.Data.ToString().ToLowerInvariant(),
        dataSeed = o.Seed,
        initSeed = o.InitSeed,
        trainSteps = o.TrainingOrNone.Steps,
        learningRate = o.TrainingOrNone.LearningRate,
        schedule = $"full-batch torch.optim.Adam (default betas, eps), cosine T_max = {o.TrainingOrNone.CosinePeriod ?? o.TrainingOrNone.Steps} steps",
        methodRequested = o.Method.ToString().ToLowerInvariant(),
        methodUsed = method,
        dtype = o.Float32 ? "float32" : "float64",
        device = o.Device,
        parameters = layout.Count,
        thetaOrder = "row-major per layer: [vec_row([W1|b1]); vec_row([W2|b2]); ...]",
        segments = layout.Segments,
    };

    private static double Lap(Stopwatch sw)
    {
        double s = sw.Elapsed.TotalSeconds;
        sw.Restart();
        return s;
    }
}
