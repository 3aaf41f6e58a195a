using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace HessianLab.Benchmarks;

/// <summary>The PyTorch reference of the whole-process benchmark: bench/pytorch/closed_form_hessian.py (embedded in
/// this assembly) run as a child process with <c>python3</c> from PATH (or Debian's /usr/bin/python3, where
/// apt-get's python3-torch lives, when the one on PATH — e.g. a pyenv shim — has no torch) on the inputs a <c>hessian</c> run wrote. It
/// times the same closed form in float64 GEMMs with torch and, sampled, the paper's per-row method (one double
/// backward per row) projected to all P rows (docs/performance.md). Where python3 or torch is missing it says so in
/// one line instead of failing: CI machines have no torch.</summary>
public static class PyTorchReference
{
    /// <summary>The script's file name (also its manifest resource name).</summary>
    public const string ScriptName = "closed_form_hessian.py";

    /// <summary>The script's text, as in bench/pytorch/.</summary>
    public static string ScriptText()
    {
        using var stream = typeof(PyTorchReference).Assembly.GetManifestResourceStream(ScriptName)
            ?? throw new InvalidOperationException($"{ScriptName} is not embedded in {typeof(PyTorchReference).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The interpreters tried when none is named: the one on PATH, then Debian's.</summary>
    public static readonly IReadOnlyList<string> DefaultInterpreters = new[] { "python3", "/usr/bin/python3" };

    /// <summary>The first of <paramref name="python"/> (or <see cref="DefaultInterpreters"/> when null) that imports
    /// torch and numpy, or the reason the first one cannot.</summary>
    public static (string? Python, string? Reason) Find(string? python = null)
    {
        string? first = null;
        foreach (var candidate in python is null ? DefaultInterpreters : new[] { python })
        {
            if (candidate != "python3" && python is null && !File.Exists(candidate)) continue;
            if (Unavailable(candidate) is not { } reason) return (candidate, null);
            first ??= reason;
        }
        return (null, first);
    }

    /// <summary>Null when <paramref name="python"/> starts and imports torch and numpy, else the reason.</summary>
    public static string? Unavailable(string python)
    {
        var (code, _, err) = Execute(python, new[] { "-c", "import torch, numpy" }, 120);
        if (code is null) return err;
        return code == 0 ? null
            : $"{python} cannot import torch and numpy ({LastLine(err)}; Debian: apt-get install python3-torch python3-numpy)";
    }

    /// <summary>Runs the script; never throws for a missing interpreter, a missing torch or a failing script.</summary>
    /// <param name="options">Inputs, repeats, rows, threads.</param>
    /// <param name="log">Progress lines (the script's own output).</param>
    public static PyTorchReferenceResult Run(PyTorchReferenceOptions options, Action<string>? log = null)
    {
        options = options.Validated();
        var (python, reason) = Find(options.Python);
        if (python is null) return PyTorchReferenceResult.Missing(reason!);
        string dir = Directory.CreateTempSubdirectory("hessianlab-torch-").FullName;
        try
        {
            string script = Path.Combine(dir, ScriptName);
            File.WriteAllText(script, ScriptText());
            double load = HessianBenchmark.LoadAverage();
            var (code, stdout, stderr) = Execute(python, new[] { script }.Concat(options.Arguments()).ToList(), options.TimeoutSeconds);
            if (code is null) return PyTorchReferenceResult.Missing(stderr);
            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var line in lines.SkipLast(1)) log?.Invoke(line);
            if (code != 0) return PyTorchReferenceResult.Missing($"{ScriptName} exited with {code}: {LastLine(stderr)}");
            return Parse(lines.LastOrDefault() ?? "") with { LoadAverage = load };
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The script's last stdout line (one JSON object) as a result.</summary>
    internal static PyTorchReferenceResult Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var e = doc.RootElement;
            double? D(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
            var times = e.GetProperty("closedFormSeconds").EnumerateArray().Select(v => v.GetDouble()).ToList();
            return new PyTorchReferenceResult(null, e.GetProperty("torch").GetString(), e.GetProperty("blas").GetString(),
                e.GetProperty("threads").GetInt32(), e.GetProperty("parameters").GetInt64(), times,
                e.GetProperty("closedFormMedianSeconds").GetDouble(), D("compareMaxRelative"),
                e.TryGetProperty("rows", out var r) ? r.GetInt32() : 0, D("gradientSeconds"), D("rowSeconds"),
                D("perRowProjectedSeconds"), D("rowsMaxRelative"));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return PyTorchReferenceResult.Missing($"{ScriptName} printed no result line ({ex.Message.Split('\n')[0]})");
        }
    }

    /// <summary>Runs a process to its end: (exit code, stdout, stderr), or (null, "", reason) when it could not start
    /// or ran past the timeout (then it is killed).</summary>
    private static (int? Code, string Stdout, string Stderr) Execute(string file, IReadOnlyList<string> args, double timeoutSeconds)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception ex)
        {
            return (null, "", $"{file} is not on PATH ({ex.Message})");
        }
        if (process is null) return (null, "", $"{file} did not start");
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return (null, "", $"{file} ran past {timeoutSeconds:F0} s and was stopped");
            }
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no message";
}
