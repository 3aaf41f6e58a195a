using System.Diagnostics;
using System.Globalization;
using HessianLab.Core;
using HessianLab.Curvature;
using HessianLab.Curvature.Exact;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Benchmarks;

/// <summary>Exact engine vs the paper's autograd row method vs this machine's GEMM rate, measured side by side in one
/// process (issue 3, docs/performance.md): on shared machines only ratios measured in the same run mean something.</summary>
public static class HessianBenchmark
{
    /// <summary>Runs the benchmark.</summary>
    /// <param name="options">Network and repeats.</param>
    /// <param name="log">Progress lines.</param>
    public static HessianBenchmarkResult Run(HessianBenchmarkOptions options, Action<string>? log = null)
    {
        options = options.Validated();
        options.MemoryPlan().EnsureFits("the Hessian benchmark");
        using var threads = new ThreadScope(Environment.ProcessorCount);   // engine and autograd compared at the same count
        double load = LoadAverage();
        using var scope = torch.NewDisposeScope();
        var spec = new MlpSpec(options.Widths, options.Activation, options.Bias);
        var model = new Mlp(spec, options.Seed);
        var data = SyntheticData.Create(DataKind.Gaussian, options.Samples, spec.InputDim, spec.OutputDim, options.Seed + 1);
        long p = model.Layout.Count;
        var engine = new ExactMlpHessian(model, data, options.Loss, new ExactHessianOptions(options.MemoryBudgetBytes, options.DType));
        log?.Invoke($"network {spec.WidthsText} ({options.Activation}, {options.Loss}, bias={options.Bias}), N = {options.Samples}, P = {p}, {torch.get_num_threads()} threads, load average {load:F1}");

        var runs = new List<double>();
        Tensor? h = null;
        ExactHessianStats? stats = null;
        for (int r = 0; r < options.Repeats; r++)
        {
            h?.Dispose();
            h = engine.Full();
            stats = engine.LastStats!;
            runs.Add(stats.Seconds);
            log?.Invoke($"exact engine run {r + 1}/{options.Repeats}: {stats.Seconds:F2} s ({stats.Flops / stats.Seconds / 1e9:F1} GFLOP/s, {stats.Chunks} chunk(s) of {stats.ChunkSize})");
        }
        double best = runs.Min();
        var last = stats!;

        double nominal = (double)options.Samples * p * p;
        int gemmSize = GemmSize(nominal);
        double gemm = GemmRate(gemmSize, options.DType);
        log?.Invoke($"{options.DType} GEMM {gemmSize}³: {gemm:F1} GFLOP/s");

        var (perRow, maxDiff) = AutogradRows(model, data, options, h!, log);
        double autograd = perRow * p;
        double achieved = last.Flops / best / 1e9;
        return new HessianBenchmarkResult(options.Widths.ToArray(), options.Samples, p, options.Activation.ToString(), options.Loss.ToString(),
            options.DType.ToString(), torch.get_num_threads(), load, best, runs, last.Flops, nominal, achieved,
            gemmSize, gemm, achieved / gemm, nominal / (gemm * 1e9), Math.Min(options.AutogradRows, (int)p), perRow, autograd, autograd / best, maxDiff,
            last.WorkingBytes, last.OutputBytes, last.ChunkSize, ProcessMemory.PeakResidentBytes() ?? 0);
    }

    /// <summary>Times the paper's method on rows spread over θ (one warm-up row first), and compares them to the engine's.</summary>
    private static (double PerRow, double MaxDiff) AutogradRows(Mlp model, Dataset data, HessianBenchmarkOptions options, Tensor h, Action<string>? log)
    {
        long p = model.Layout.Count;
        int count = (int)Math.Min(options.AutogradRows, p);
        var rows = Enumerable.Range(0, count).Select(i => (long)((i + 0.5) * p / count)).ToArray();
        using var hessian = AutogradHessian.ForMlp(model, () => Loss.Compute(options.Loss, model.forward(data.X), data.Y));
        using (var warm = torch.NewDisposeScope()) hessian.Row(rows[0]);
        var sw = Stopwatch.StartNew();
        var got = hessian.Rows(rows);
        double perRow = sw.Elapsed.TotalSeconds / count;
        var exact = h.index_select(0, torch.tensor(rows)).to_type(ScalarType.Float64);
        double scale = Math.Max(Extremes.Of(h).MaxAbs, double.Epsilon);
        double diff = (got.to_type(ScalarType.Float64) - exact).abs().max().item<double>() / scale;
        log?.Invoke($"autograd rows: {count} rows, {perRow * 1000:F1} ms/row → {perRow * p:F0} s for all {p} rows; max |Δ| / max |H| = {diff:E2}");
        return (perRow, diff);
    }

    /// <summary>n for an n³ reference GEMM: comparable to the nominal N·P² work, 256 ≤ n ≤ 3000.</summary>
    private static int GemmSize(double nominalFlops) =>
        (int)Math.Clamp(Math.Round(Math.Cbrt(nominalFlops / 2 / 4) / 64) * 64, 256, 3000);

    /// <summary>Best of three n × n × n matrix products (after a warm-up), in GFLOP/s.</summary>
    public static double GemmRate(int n, ScalarType dtype = ScalarType.Float64)
    {
        using var scope = torch.NewDisposeScope();
        using var gen = new Generator(1);
        var a = torch.randn(new long[] { n, n }, dtype, generator: gen);
        var b = torch.randn(new long[] { n, n }, dtype, generator: gen);
        a.matmul(b);                                                          // warm-up
        double best = double.MaxValue;
        for (int r = 0; r < 3; r++)
        {
            var sw = Stopwatch.StartNew();
            using var inner = torch.NewDisposeScope();
            a.matmul(b);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * n / best / 1e9;
    }

    /// <summary>1-minute load average, NaN where unavailable.</summary>
    public static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return double.NaN;
        }
    }
}
