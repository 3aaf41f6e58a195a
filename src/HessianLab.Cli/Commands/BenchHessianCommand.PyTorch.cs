using System.Globalization;
using HessianLab.Benchmarks;
using HessianLab.Losses;
using HessianLab.Models;
using Spectre.Console;

namespace HessianLab.Cli.Commands;

public sealed partial class BenchHessianCommand
{
    /// <summary>Rows of the per-row method timed in PyTorch and projected to all P rows.</summary>
    private const int PyTorchRows = 8;

    /// <summary>The PyTorch reference on the inputs of the float64 run in <paramref name="resultDir"/>
    /// (bench/pytorch/closed_form_hessian.py), or why it cannot run.</summary>
    private PyTorchReferenceResult RunPyTorch(Settings s, string resultDir)
    {
        IReadOnlyList<int> widths = s.Layers.Values;
        if (widths.Count != 3 || s.Activation != Activation.Relu || s.Loss != LossKind.Ce)
            return PyTorchReferenceResult.Missing("the PyTorch reference covers one hidden layer, relu and cross-entropy (the talk's net)");
        console.MarkupLine("  [grey]PyTorch reference: the same closed form, and sampled rows by double backward …[/]");
        var options = new PyTorchReferenceOptions(Path.Combine(resultDir, "inputs"), widths, Path.Combine(resultDir, "hessian.npy"),
            Repeats: s.Repeats, Rows: PyTorchRows);
        return PyTorchReference.Run(options, m => console.MarkupLineInterpolated($"  [grey]{m}[/]"));
    }

    /// <summary>The comparison's rows of the whole-process table.</summary>
    private static IEnumerable<IReadOnlyList<string>> PyTorchTableRows(PyTorchComparison c)
    {
        string F(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);
        string Check(bool ok) => ok ? "met" : "not met";
        var t = c.Reference;
        if (!t.Available)
        {
            yield return new[] { "PyTorch reference", $"not available: {t.NotAvailable}", "" };
            yield break;
        }
        yield return new[] { "PyTorch reference", $"torch {t.Torch} ({t.Blas}), {t.Threads} threads, float64, same inputs; load average {F(t.LoadAverage, "F1")} at its start", "" };
        string agree = t.CompareMaxRelative is { } e ? $", max |Δ| / max |H| = {F(e, "0.0E+0")} against hessian.npy" : "";
        yield return new[] { "  closed form in GEMMs, matrix alone (median)", $"{F(t.ClosedFormMedianSeconds, "F2")} s; PyTorch / HessianLab's whole process = {F(c.ClosedFormRatio, "F2")}×{agree}",
            $"≥ {F(PyTorchComparison.TargetClosedFormRatio, "F1")}×: {Check(c.ClosedFormRatio >= PyTorchComparison.TargetClosedFormRatio)}" };
        if (t.PerRowProjectedSeconds is { } rows)
            yield return new[] { $"  per-row method, {t.Rows} rows by double backward → {t.Parameters} rows", $"{F(rows, "F0")} s projected; / HessianLab's whole process = {F(c.PerRowRatio, "F0")}× ({F(t.RowSeconds ?? 0, "F3")} s a row; rows vs closed form {F(t.RowsMaxRelative ?? double.NaN, "0.0E+0")})",
                $"≥ {F(PyTorchComparison.TargetPerRowRatio, "F0")}×: {Check(c.PerRowRatio >= PyTorchComparison.TargetPerRowRatio)}" };
    }
}
