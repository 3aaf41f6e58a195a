using System.Diagnostics;
using System.Text.Json;
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
/// data set, and writes hessian.npy, the inputs, config.json, metrics.json and the pictures.</summary>
public static partial class HessianRun
{
    /// <summary>Runs the job. <paramref name="progress"/> gets (phase, done, total) for long loops.</summary>
    public static HessianRunResult Execute(HessianRunOptions o, Action<string, int, int>? progress = null)
    {
        var spec = o.Model.Validated();
        if (o.Samples <= 0) throw new ArgumentException($"--samples must be positive, got {o.Samples}");
        o.TrainingOrNone.Validated();
        var device = Devices.Parse(o.Device);
        var dtype = o.Float32 ? ScalarType.Float32 : ScalarType.Float64;
        var layout = ParameterLayout.ForMlp(spec.Widths, spec.Bias);
        MemoryGuard.EnsureFits(MemoryGuard.DenseBytes(layout.Count, layout.Count, o.Float32 ? 4 : 8),
            $"the {layout.Count}×{layout.Count} {(o.Float32 ? "float32" : "float64")} Hessian");
        Directory.CreateDirectory(o.OutDir);

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
            seconds["train"] = Lap(sw);
        }

        var (hessian, ggn, method) = ComputeHessian(o, model, data, progress);
        seconds["hessian"] = Lap(sw);
        double loss;
        using (torch.no_grad()) loss = Loss.Compute(o.Loss, model.forward(data.X), data.Y).to_type(ScalarType.Float64).item<double>();

        var files = new List<string>();
        files.Add(Save(o.OutDir, "hessian.npy", hessian.to_type(ScalarType.Float64)));
        files.AddRange(SaveInputs(Path.Combine(o.OutDir, "inputs"), model, data));
        seconds["write"] = Lap(sw);

        using var residual = ggn is null ? null : hessian - ggn;
        var analysis = StructureAnalysis.Analyze(hessian, layout, ggn: ggn, residual: residual);
        var norms = LayerNorms(analysis, layout);
        seconds["metrics"] = Lap(sw);
        files.AddRange(WritePictures(o, hessian, layout, analysis));
        seconds["plots"] = Lap(sw);

        files.Add(WriteJson(o.OutDir, "config.json", Config(o, layout, method)));
        files.Add(WriteJson(o.OutDir, "metrics.json", new
        {
            parameters = layout.Count,
            loss,
            method,
            seconds,
            layerBlockFrobenius = norms,
            structure = analysis.Metrics,
            hessianFrobenius = hessian.norm().to_type(ScalarType.Float64).item<double>(),
            maxAbs = hessian.abs().max().to_type(ScalarType.Float64).item<double>(),
            trainingLoss = losses,
        }));
        return new HessianRunResult(layout.Count, loss, method, seconds, norms, files, analysis.Metrics);
    }

    private static (Tensor Hessian, Tensor? Ggn, string Method) ComputeHessian(HessianRunOptions o, Mlp model, Dataset data, Action<string, int, int>? progress)
    {
        var method = HessianBuilder.Resolve(model, o.Method.Trim().ToLowerInvariant() switch
        {
            "auto" => HessianMethod.Auto,
            "autograd" => HessianMethod.Autograd,
            "exact" => HessianMethod.Exact,
            _ => throw new ArgumentException($"--method '{o.Method}' is unknown; use auto, autograd or exact"),
        });
        if (method == HessianMethod.Autograd)
        {
            if (o.Parts) throw new ArgumentException("--parts (GGN/residual split) needs the exact engine: use --method auto or exact");
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
        schedule = "full-batch torch.optim.Adam (default betas, eps), cosine to 0",
        methodRequested = o.Method,
        methodUsed = method,
        dtype = o.Float32 ? "float32" : "float64",
        device = o.Device,
        parameters = layout.Count,
        thetaOrder = "row-major per layer: [vec_row([W1|b1]); vec_row([W2|b2]); ...]",
        segments = layout.Segments,
    };

    private static string WriteJson(string dir, string name, object value)
    {
        string p = Path.Combine(dir, name);
        AtomicFile.WriteText(p, JsonSerializer.Serialize(value, Experiments.ExperimentContext.Json));
        return p;
    }

    private static double Lap(Stopwatch sw)
    {
        double s = sw.Elapsed.TotalSeconds;
        sw.Restart();
        return s;
    }
}
