using System.Diagnostics;
using HessianLab.Core;
using HessianLab.Curvature;
using HessianLab.Curvature.Exact;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Models.Gpt;
using HessianLab.Models.Gpt2;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Benchmarks;

/// <summary>Hessian-vector products by double backward against plain gradients on the same model and batch
/// (docs/performance.md: an HVP should cost no more than 3 gradients), with the products checked against central finite
/// differences of the gradient and, for MLPs, the exact engine.</summary>
public static class HvpBenchmark
{
    /// <summary>Exact-engine check only up to this many parameters (it builds the P × P matrix).</summary>
    public const long ExactCheckMaxParameters = 12_000;

    /// <summary>Runs the benchmark.</summary>
    public static HvpBenchmarkResult Run(HvpBenchmarkOptions options, Action<string>? log = null)
    {
        options = options.Validated();
        options.MemoryPlan().EnsureFits("the HVP benchmark");
        using var threads = new ThreadScope(Environment.ProcessorCount);   // engine and autograd compared at the same count
        double load = HessianBenchmark.LoadAverage();
        using var scope = torch.NewDisposeScope();
        var (parameters, loss, label, exact) = Build(options);
        long p = parameters.Sum(t => t.numel());
        log?.Invoke($"{label}, P = {p}, {torch.get_num_threads()} threads, load average {load:F1}");

        double gradient = Median(options.Repeats, () =>
        {
            using var inner = torch.NewDisposeScope();
            using var enable = torch.enable_grad();
            torch.autograd.grad(new[] { loss() }, parameters);
        }, out double gradientCpu);
        log?.Invoke($"gradient (forward + backward): {gradient * 1000:F1} ms ({gradientCpu:F2} CPU s)");

        double graph = Median(options.Repeats, () =>
        {
            using var built = new AutogradHessian(parameters, loss, Flatten);
        }, out _);
        using var hessian = new AutogradHessian(parameters, loss, Flatten);
        using var gen = new Generator((ulong)options.Seed + 7);
        var v = torch.randn(new[] { p }, ScalarType.Float64, generator: gen);
        double hvp = Median(options.Repeats, () =>
        {
            using var inner = torch.NewDisposeScope();
            hessian.Apply(v);
        }, out double hvpCpu);
        log?.Invoke($"gradient graph (create_graph): {graph * 1000:F1} ms; HVP on it: {hvp * 1000:F1} ms ({hvpCpu:F2} CPU s) = {hvp / gradient:F2} gradients");

        var hv = hessian.Apply(v);
        double fd = FiniteDifferenceError(parameters, loss, v, hv);
        double? exactError = null;
        if (exact is { } engine && p <= ExactCheckMaxParameters)
        {
            var reference = engine.Full().matmul(v);
            exactError = (hv - reference).norm().item<double>() / reference.norm().item<double>();
        }
        log?.Invoke($"HVP vs central differences: {fd:E2} relative" + (exactError is { } e ? $"; vs the exact engine: {e:E2}" : ""));
        return new HvpBenchmarkResult(label, p, torch.get_num_threads(), load, gradient, graph, hvp, hvp / gradient,
            (graph + hvp) / gradient, fd, exactError, ProcessMemory.PeakResidentBytes(), gradientCpu, hvpCpu);
    }

    private static (List<Tensor> Parameters, Func<Tensor> Loss, string Label, ExactMlpHessian? Exact) Build(HvpBenchmarkOptions o)
    {
        if (o.Model == "mlp")
        {
            var spec = new MlpSpec(o.Widths, o.Activation);
            var model = new Mlp(spec, o.Seed);
            var data = SyntheticData.Create(DataKind.Gaussian, o.Samples, spec.InputDim, spec.OutputDim, o.Seed + 1);
            var ps = model.OrderedParameters().Cast<Tensor>().ToList();
            return (ps, () => Loss.Compute(o.Loss, model.forward(data.X), data.Y),
                $"MLP {spec.WidthsText} {o.Activation} {o.Loss}, N = {o.Samples}", new ExactMlpHessian(model, data, o.Loss));
        }
        if (o.Model == "gpt2") return BuildGpt2(o);
        var config = o.GptConfigForVocab;
        var gpt = new Gpt(config, o.Seed, ScalarType.Float64);
        using var gen = new Generator((ulong)o.Seed + 3);
        var ids = torch.randint(0, config.Vocab, new long[] { o.Samples, config.Context + 1 }, generator: gen);
        var gps = gpt.parameters().Cast<Tensor>().ToList();
        return (gps, () => gpt.Loss(ids),
            $"GPT {config.Layers} blocks, width {config.Dim}, vocab {config.Vocab}, batch {o.Samples} × {config.Context} tokens", null);
    }

    /// <summary>GPT-2 in float64: the checkpoint's weights or GPT-2's random init of the 124M shape; random token ids.</summary>
    private static (List<Tensor>, Func<Tensor>, string, ExactMlpHessian?) BuildGpt2(HvpBenchmarkOptions o)
    {
        var model = o.Checkpoint is { } dir ? Gpt2Checkpoint.Load(dir) : new Gpt2Model(Gpt2Config.Small124M, o.Seed, ScalarType.Float64);
        model.to(ScalarType.Float64);
        var c = model.Config;
        if (o.Tokens > c.Positions) throw new ArgumentException($"tokens {o.Tokens} exceeds the model's n_positions {c.Positions}", nameof(o));
        using var gen = new Generator((ulong)o.Seed + 3);
        var ids = torch.randint(0, c.VocabSize, new long[] { o.Samples, o.Tokens + 1 }, generator: gen);
        string what = o.Checkpoint is null ? "random weights" : $"checkpoint {o.Checkpoint}";
        return (model.parameters().Cast<Tensor>().ToList(), () => model.Loss(ids),
            $"GPT-2 {c.Layers} layers, width {c.Embedding}, {c.Heads} heads, vocab {c.VocabSize} ({what}), batch {o.Samples} × {o.Tokens} tokens", null);
    }

    private static Tensor Flatten(IReadOnlyList<Tensor> grads) => torch.cat(grads.Select(g => g.reshape(-1)).ToArray(), 0);

    /// <summary>‖Hv − (g(θ+εv) − g(θ−εv))/(2ε)‖ / ‖Hv‖ with ε = 1e-5 / ‖v‖ (float64: error ~ε² + rounding/ε).</summary>
    private static double FiniteDifferenceError(List<Tensor> parameters, Func<Tensor> loss, Tensor v, Tensor hv)
    {
        using var scope = torch.NewDisposeScope();
        double eps = 1e-5 / v.norm().item<double>();
        var pieces = new List<Tensor>();
        long offset = 0;
        foreach (var t in parameters)
        {
            pieces.Add(v.narrow(0, offset, t.numel()).view(t.shape));
            offset += t.numel();
        }
        Tensor GradientAt(double step)
        {
            using (torch.no_grad()) for (int i = 0; i < parameters.Count; i++) parameters[i].add_(pieces[i], alpha: step);
            Tensor g;
            using (torch.enable_grad()) g = Flatten(torch.autograd.grad(new[] { loss() }, parameters).ToList());
            using (torch.no_grad()) for (int i = 0; i < parameters.Count; i++) parameters[i].add_(pieces[i], alpha: -step);
            return g.detach();
        }
        var fd = (GradientAt(eps) - GradientAt(-eps)) / (2 * eps);
        return ((hv - fd).norm() / hv.norm()).item<double>();
    }

    /// <summary>Median wall-clock seconds of <paramref name="repeats"/> calls after one warm-up call; <paramref name="cpu"/>: the
    /// median CPU seconds of the process over the same calls (all threads; on a loaded machine the fairer measure).</summary>
    private static double Median(int repeats, Action action, out double cpu)
    {
        action();
        var times = new double[repeats];
        var cpus = new double[repeats];
        using var process = Process.GetCurrentProcess();
        for (int r = 0; r < repeats; r++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            action();
            times[r] = sw.Elapsed.TotalSeconds;
            process.Refresh();
            cpus[r] = (process.TotalProcessorTime - cpu0).TotalSeconds;
        }
        cpu = Statistics.Median.Of(cpus);
        return Statistics.Median.Of(times);
    }
}
