using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using HessianLab.Benchmarks;
using HessianLab.Core;
using Spectre.Console;

namespace HessianLab.Cli.Commands;

public sealed partial class BenchHessianCommand
{
    /// <summary>`bench hessian --whole-process`: this program's own `hessian` command in child processes.</summary>
    private int WholeProcess(Settings s)
    {
        var options = new WholeProcessOptions(s.Layers.Values, s.Samples, s.Activation, s.Loss, s.Repeats, s.Seed).Validated();
        PyTorchReferenceResult? reference = null;
        var r = WholeProcessBenchmark.Run(options, ThisProgram, m => console.MarkupLineInterpolated($"  [grey]{m}[/]"), dir => reference = RunPyTorch(s, dir));
        r = r with { PyTorch = new PyTorchComparison(reference ?? PyTorchReferenceResult.Missing("not run"), r.Float64Seconds) };
        string F(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);
        string Check(bool ok) => ok ? "met" : "not met";
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { "quantity", "measured", "target" },
            new[] { "command", $"hessianlab {r.Command}", "" },
            new[] { "machine", $"{Environment.ProcessorCount} cores, load average {F(r.LoadAverage, "F1")} at start", "" },
            new[] { "whole process, float64 (median)", $"{F(r.Float64Seconds, "F2")} s", $"≤ {F(WholeProcessResult.TargetSeconds, "F1")} s: {Check(r.Float64Seconds <= WholeProcessResult.TargetSeconds)}" },
        };
        foreach (var (phase, seconds) in r.Float64Phases)
            rows.Add(new[] { $"  phase: {phase}", $"{F(seconds, "F2")} s", "" });
        double named = r.Float64Phases.Where(p => !p.Key.StartsWith("write (", StringComparison.Ordinal)).Sum(p => p.Value);
        rows.Add(new[] { "  start-up, parsing, exit (the rest)", $"{F(r.Float64Seconds - named, "F2")} s", "" });
        rows.Add(new[] { "whole process, float32 (median)", $"{F(r.Float32Seconds, "F2")} s: {F(r.Float32Speedup, "F2")}× faster", $"≥ {F(WholeProcessResult.TargetFloat32Speedup, "F1")}×: {Check(r.Float32Speedup >= WholeProcessResult.TargetFloat32Speedup)}" });
        rows.Add(new[] { "float32 vs float64 matrix", $"max |Δ| / max |H| = {F(r.Float32MaxRelativeError, "0.00E+0")}, ‖Δ‖_F / ‖H‖_F = {F(r.Float32FrobeniusRelativeError, "0.00E+0")}", "" });
        rows.Add(new[] { "peak resident memory, float64 (median)", r.PeakResidentBytes is { } p ? $"{MemoryGuard.Format(p)} = {F(r.PeakOverData, "F2")} × (Hessian + inputs, {MemoryGuard.Format(r.HessianAndInputBytes)})" : "—",
            $"≤ {F(WholeProcessResult.TargetPeakOverData, "F2")}×: {Check(r.PeakOverData <= WholeProcessResult.TargetPeakOverData)}" });
        rows.AddRange(PyTorchTableRows(r.PyTorch));
        console.PrintTable(rows);
        console.WriteJson(s.Out, r);
        return 0;
    }

    /// <summary>This program with other arguments: the apphost itself, or <c>dotnet</c> with the entry assembly when run
    /// as <c>dotnet HessianLab.Cli.dll</c> (or through <c>dotnet run</c>).</summary>
    private static ProcessStartInfo ThisProgram(IReadOnlyList<string> args)
    {
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this program is unknown");
        var start = new ProcessStartInfo(host);
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("the entry assembly is unknown"));
        foreach (var a in args) start.ArgumentList.Add(a);
        return start;
    }
}
