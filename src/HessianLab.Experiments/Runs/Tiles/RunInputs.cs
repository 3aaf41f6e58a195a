using HessianLab.Core;
using HessianLab.Curvature;
using HessianLab.Curvature.Exact;
using HessianLab.Data;
using HessianLab.IO;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Runs.Tiles;

/// <summary>The network and data of a Hessian run, built exactly as <see cref="HessianRun"/> builds them (same seeds,
/// same training), so every tile of a run and the single-process run see the same weights.</summary>
internal sealed class RunInputs : IDisposable
{
    public required Mlp Model { get; init; }
    public required Dataset Data { get; init; }
    public required string Method { get; init; }
    public required double Loss { get; init; }
    public required ParameterLayout Layout { get; init; }

    /// <summary>Builds data and model and trains (when asked); call inside a dispose scope.</summary>
    /// <exception cref="ArithmeticException">Training diverged.</exception>
    public static RunInputs Build(HessianRunOptions o, Action<string, int, int>? progress)
    {
        var spec = o.Model;
        var device = Devices.Parse(o.Device);
        var dtype = o.Float32 ? ScalarType.Float32 : ScalarType.Float64;
        var data = SyntheticData.Create(o.Data, o.Samples, spec.InputDim, spec.OutputDim, o.Seed, dtype, device);
        var model = new Mlp(spec, o.InitSeed, dtype, device);
        if (o.TrainingOrNone.Steps > 0)
        {
            int steps = o.TrainingOrNone.Steps;
            FullBatchTrainer.Train(model, data, o.Loss, o.TrainingOrNone, onStep: (t, _) => progress?.Invoke("training", t + 1, steps));
            NonFinite.ThrowIfAny(model.parameters(), "the weights after training");
        }
        double loss;
        using (torch.no_grad()) loss = Losses.Loss.Compute(o.Loss, model.forward(data.X), data.Y).to_type(ScalarType.Float64).item<double>();
        string method = HessianBuilder.Resolve(model, o.Method) == HessianMethod.Autograd ? "autograd" : "exact";
        return new RunInputs { Model = model, Data = data, Method = method, Loss = loss, Layout = ParameterLayout.ForMlp(spec.Widths, spec.Bias) };
    }

    /// <summary>Writes X.npy, y.npy, W{l}.npy (b{l}.npy) into <paramref name="dir"/>; returns name → SHA-256.</summary>
    public IReadOnlyDictionary<string, string> Save(string dir)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void One(string name, Tensor t)
        {
            string p = Path.Combine(dir, name);
            Npy.Save(p, t);
            hashes[name] = Manifest.Hash(p);
        }
        One("X.npy", Data.X);
        One("y.npy", Data.Y);
        for (int l = 1; l <= Model.Spec.Depth; l++)
        {
            One($"W{l}.npy", Model.Weight(l));
            if (Model.Bias(l) is { } b) One($"b{l}.npy", b);
        }
        return hashes;
    }

    /// <summary>Rows [band.Start, band.End) of H_s, the Hessian of the mean loss over samples [s0, s1): the exact engine's
    /// neuron rows (cost ∝ band), or one autograd backward per row.</summary>
    public Tensor Rows(HessianRunOptions o, RowBand band, int s0, int s1, Action<string, int, int>? progress)
    {
        var x = Data.X.narrow(0, s0, s1 - s0);
        var y = Data.Y.narrow(0, s0, s1 - s0);
        if (Method == "exact")
        {
            var engine = new ExactMlpHessian(Model, x, y, o.Loss, new ExactHessianOptions(o.MemoryBudgetBytes, o.Float32 ? ScalarType.Float32 : ScalarType.Float64));
            return engine.NeuronRows(band.Neurons);
        }
        using var h = AutogradHessian.ForMlp(Model, () => Losses.Loss.Compute(o.Loss, Model.forward(x), y));
        var indices = Enumerable.Range(0, (int)band.Rows).Select(r => band.Start + r).ToList();
        return h.Rows(indices, (done, total) => progress?.Invoke("hessian rows (autograd)", done, total));
    }

    public void Dispose() => Model.Dispose();
}
