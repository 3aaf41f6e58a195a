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
/// differences of the gradient and, for MLPs, the exact engine. For the GPTs, also the products on the gradient graph
/// with the head's derivatives in closed form (<see cref="SoftmaxHeadHessian"/>), timed interleaved
/// with the plain ones and compared with them.</summary>
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
        var (parameters, loss, label, exact, head) = Build(options);
        long p = parameters.Sum(t => t.numel());
        log?.Invoke($"{label}, P = {p}, {torch.get_num_threads()} threads, load average {load:F1}");

        // Gradient and graph builds timed in turn (a change of load hits all alike); then the products likewise.
        var builds = new List<Action>
        {
            () => { using var inner = torch.NewDisposeScope(); using var enable = torch.enable_grad(); torch.autograd.grad(new[] { loss() }, parameters); },
            () => { using var built = new AutogradHessian(parameters, loss, Flatten); },
        };
        if (head is { } hd) builds.Add(() => { using var built = new SoftmaxHeadHessian(parameters, hd.Features, hd.Weight); });
        var t = InterleavedTiming.Medians(options.Repeats, builds.ToArray());
        var (gradient, gradientCpu) = t[0];
        log?.Invoke($"gradient (forward + backward): {gradient * 1000:F1} ms ({gradientCpu:F2} CPU s)");

        using var hessian = new AutogradHessian(parameters, loss, Flatten);
        using var closedForm = head is { } h0 ? new SoftmaxHeadHessian(parameters, h0.Features, h0.Weight) : null;
        using var gen = new Generator((ulong)options.Seed + 7);
        var v = torch.randn(new[] { p }, ScalarType.Float64, generator: gen);
        var products = new List<Action> { () => { using var inner = torch.NewDisposeScope(); hessian.Apply(v); } };
        if (closedForm is not null) products.Add(() => { using var inner = torch.NewDisposeScope(); closedForm.Apply(v); });
        var h = InterleavedTiming.Medians(options.Repeats, products.ToArray());
        var (graph, graphCpu) = t[1];
        var (hvp, hvpCpu) = h[0];
        log?.Invoke($"plain double backward: graph {graph * 1000:F1} ms ({graphCpu:F2} CPU s); HVP on it: {hvp * 1000:F1} ms ({hvpCpu:F2} CPU s) = " +
            $"{hvp / gradient:F2} gradients ({hvpCpu / gradientCpu:F2} in CPU time)");

        var hv = hessian.Apply(v);
        var cfHv = closedForm?.Apply(v);   // before the finite differences move the parameters (and invalidate both graphs)
        var fd = FiniteDifferenceProduct(parameters, loss, v);
        double fdError = RelativeError(fd, hv);
        double? exactError = null;
        if (exact is { } engine && p <= ExactCheckMaxParameters) exactError = RelativeError(hv, engine.Full().matmul(v));
        log?.Invoke($"HVP vs central differences: {fdError:E2} relative" + (exactError is { } e ? $"; vs the exact engine: {e:E2}" : ""));

        HvpMethodResult? closedFormResult = null;
        if (cfHv is not null)
        {
            var ((cfGraph, cfGraphCpu), (cfHvp, cfHvpCpu)) = (t[2], h[1]);
            closedFormResult = new HvpMethodResult("closed-form softmax head", cfGraph, cfHvp, cfHvp / gradient, (cfGraph + cfHvp) / gradient,
                cfGraphCpu, cfHvpCpu, cfHvpCpu / gradientCpu, RelativeError(fd, cfHv), RelativeError(cfHv, hv));
            log?.Invoke($"closed-form softmax head: graph {cfGraph * 1000:F1} ms ({cfGraphCpu:F2} CPU s); HVP on it: {cfHvp * 1000:F1} ms " +
                $"({cfHvpCpu:F2} CPU s) = {closedFormResult.HvpOverGradient:F2} gradients ({closedFormResult.HvpOverGradientCpu:F2} in CPU time); " +
                $"vs plain {closedFormResult.RelativeToPlain:E2}, vs central differences {closedFormResult.FiniteDifferenceError:E2}");
        }
        return new HvpBenchmarkResult(label, p, torch.get_num_threads(), load, gradient, graph, hvp, hvp / gradient,
            (graph + hvp) / gradient, fdError, exactError, ProcessMemory.PeakResidentBytes(), gradientCpu, hvpCpu, graphCpu, closedFormResult);
    }

    private static (List<Tensor> Parameters, Func<Tensor> Loss, string Label, ExactMlpHessian? Exact, (Func<(Tensor, Tensor)> Features, Tensor Weight)? Head) Build(HvpBenchmarkOptions o)
    {
        if (o.Model == "mlp")
        {
            var spec = new MlpSpec(o.Widths, o.Activation);
            var model = new Mlp(spec, o.Seed);
            var data = SyntheticData.Create(DataKind.Gaussian, o.Samples, spec.InputDim, spec.OutputDim, o.Seed + 1);
            var ps = model.OrderedParameters().Cast<Tensor>().ToList();
            return (ps, () => Loss.Compute(o.Loss, model.forward(data.X), data.Y),
                $"MLP {spec.WidthsText} {o.Activation} {o.Loss}, N = {o.Samples}", new ExactMlpHessian(model, data, o.Loss), null);
        }
        if (o.Model == "gpt2") return BuildGpt2(o);
        var config = o.GptConfigForVocab;
        var gpt = new Gpt(config, o.Seed, ScalarType.Float64);
        using var gen = new Generator((ulong)o.Seed + 3);
        var ids = torch.randint(0, config.Vocab, new long[] { o.Samples, config.Context + 1 }, generator: gen);
        var gps = gpt.parameters().Cast<Tensor>().ToList();
        return (gps, () => gpt.Loss(ids),
            $"GPT {config.Layers} blocks, width {config.Dim}, vocab {config.Vocab}, batch {o.Samples} × {config.Context} tokens", null,
            (() => gpt.FeaturesAndTargets(ids), gpt.HeadWeight));
    }

    /// <summary>GPT-2 in float64: the checkpoint's weights or GPT-2's random init of the 124M shape; random token ids.</summary>
    private static (List<Tensor>, Func<Tensor>, string, ExactMlpHessian?, (Func<(Tensor, Tensor)>, Tensor)?) BuildGpt2(HvpBenchmarkOptions o)
    {
        var model = o.Checkpoint is { } dir ? Gpt2Checkpoint.Load(dir) : new Gpt2Model(Gpt2Config.Small124M, o.Seed, ScalarType.Float64);
        model.to(ScalarType.Float64);
        var c = model.Config;
        if (o.Tokens > c.Positions) throw new ArgumentException($"tokens {o.Tokens} exceeds the model's n_positions {c.Positions}", nameof(o));
        using var gen = new Generator((ulong)o.Seed + 3);
        var ids = torch.randint(0, c.VocabSize, new long[] { o.Samples, o.Tokens + 1 }, generator: gen);
        string what = o.Checkpoint is null ? "random weights" : $"checkpoint {o.Checkpoint}";
        return (model.parameters().Cast<Tensor>().ToList(), () => model.Loss(ids),
            $"GPT-2 {c.Layers} layers, width {c.Embedding}, {c.Heads} heads, vocab {c.VocabSize} ({what}), batch {o.Samples} × {o.Tokens} tokens", null,
            (() => model.FeaturesAndTargets(ids), model.TokenEmbedding));
    }

    private static Tensor Flatten(IReadOnlyList<Tensor> grads) => torch.cat(grads.Select(g => g.reshape(-1)).ToArray(), 0);

    /// <summary>(g(θ+εv) − g(θ−εv))/(2ε) with ε = 1e-5 / ‖v‖ (float64: error ~ε² + rounding/ε), the reference every
    /// product is compared with.</summary>
    private static Tensor FiniteDifferenceProduct(List<Tensor> parameters, Func<Tensor> loss, Tensor v)
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
        return ((GradientAt(eps) - GradientAt(-eps)) / (2 * eps)).MoveToOuterDisposeScope();
    }

    /// <summary>‖a − b‖ / ‖b‖.</summary>
    private static double RelativeError(Tensor a, Tensor b) => ((a - b).norm() / b.norm()).item<double>();
}
