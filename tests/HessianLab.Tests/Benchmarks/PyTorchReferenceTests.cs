using HessianLab.Benchmarks;
using HessianLab.Tests.TestSupport;

namespace HessianLab.Tests.Benchmarks;

public sealed class PyTorchReferenceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hl-torchref-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Without the interpreter the reference reports one line and no numbers, instead of throwing.</summary>
    [Fact]
    public void Missing_interpreter_is_reported_as_not_available()
    {
        var r = PyTorchReference.Run(new PyTorchReferenceOptions(_dir, new[] { 12, 5, 7 }, Python: "hessianlab-no-such-python"));
        Assert.False(r.Available);
        Assert.Contains("hessianlab-no-such-python is not on PATH", r.NotAvailable);
        Assert.DoesNotContain('\n', r.NotAvailable!);
        Assert.Null(r.ClosedFormSeconds);
        Assert.True(double.IsNaN(new PyTorchComparison(r, 3.0).ClosedFormRatio));
    }

    /// <summary>The embedded script is the file in bench/pytorch/ (the one a user runs by hand).</summary>
    [Fact]
    public void Embedded_script_is_the_repository_file()
    {
        string dir = AppContext.BaseDirectory;
        while (dir is not null && !Directory.Exists(Path.Combine(dir, "bench", "pytorch"))) dir = Path.GetDirectoryName(dir)!;
        Assert.NotNull(dir);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "bench", "pytorch", PyTorchReference.ScriptName)), PyTorchReference.ScriptText());
    }

    /// <summary>A line that is not the script's result is reported as not available, naming the problem.</summary>
    [Fact]
    public void Unparsable_result_line_is_not_available()
    {
        var r = PyTorchReference.Parse("closed form 1/1: 0.01 s");
        Assert.False(r.Available);
        Assert.StartsWith(PyTorchReference.ScriptName + " printed no result line", r.NotAvailable);
    }

    /// <summary>On the inputs a real `hessian` run wrote, the PyTorch closed form equals HessianLab's hessian.npy and
    /// the rows by double backward equal the closed form, both to float64 rounding (three independent computations).</summary>
    [TorchFact]
    public void Closed_form_and_rows_in_pytorch_match_hessianlabs_matrix()
    {
        string result = Path.Combine(_dir, "h");
        var (exit, output) = CliProcess.Run(null, 300, "hessian", "--layers", "12,5,7", "--samples", "40", "--method", "exact", "--out", result);
        Assert.True(exit == 0, output);
        var r = PyTorchReference.Run(new PyTorchReferenceOptions(Path.Combine(result, "inputs"), new[] { 12, 5, 7 },
            Path.Combine(result, "hessian.npy"), Repeats: 2, Rows: 6, Threads: 1));
        Assert.True(r.Available, r.NotAvailable);
        Assert.Equal(12 * 5 + 5 * 7, r.Parameters);
        Assert.Equal(2, r.ClosedFormSeconds!.Count);
        Assert.InRange(r.CompareMaxRelative!.Value, 0, 1e-12);
        Assert.Equal(6, r.Rows);
        Assert.InRange(r.RowsMaxRelative!.Value, 0, 1e-12);
        Assert.True(r.PerRowProjectedSeconds > r.GradientSeconds);
    }

    /// <summary>`bench hessian --whole-process` carries the comparison in its table and JSON: with torch, the PyTorch
    /// matrix on the run's own inputs equals HessianLab's and both ratios are reported; without, one "not available" line.</summary>
    [Fact]
    public void Whole_process_bench_reports_the_pytorch_reference_or_why_not()
    {
        string json = Path.Combine(_dir, "whole.json");
        var (exit, output) = CliProcess.Run(null, 600, "bench", "hessian", "--whole-process", "--layers", "12,5,7", "--samples", "40",
            "--repeats", "1", "--out", json);
        Assert.True(exit == 0, output);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json));
        var c = doc.RootElement.GetProperty("pyTorch");
        var reference = c.GetProperty("reference");
        if (TorchFactAttribute.Available)
        {
            Assert.Contains("closed form in GEMMs", output);
            Assert.InRange(reference.GetProperty("compareMaxRelative").GetDouble(), 0, 1e-12);
            Assert.InRange(reference.GetProperty("rowsMaxRelative").GetDouble(), 0, 1e-12);
            double ratio = c.GetProperty("closedFormRatio").GetDouble();
            Assert.Equal(reference.GetProperty("closedFormMedianSeconds").GetDouble() / c.GetProperty("hessianLabSeconds").GetDouble(), ratio, 12);
            Assert.True(c.GetProperty("perRowRatio").GetDouble() > 0);
        }
        else
        {
            Assert.Contains("not available:", output);
            Assert.False(string.IsNullOrEmpty(reference.GetProperty("notAvailable").GetString()));
        }
    }
}
