using System.Diagnostics;

namespace HessianLab.Tests.TestSupport;

/// <summary>Runs the real `hessianlab` command line as a child process (the CLI assembly copied beside the tests),
/// so a test can kill it, run two at once, or arm the fault points through the environment.</summary>
public static class CliProcess
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "HessianLab.Cli.dll");

    /// <summary>The dotnet host running the tests.</summary>
    private static string Host => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";

    /// <summary>Starts the CLI with <paramref name="args"/>; <paramref name="fault"/> sets HESSIANLAB_FAULT.</summary>
    public static Process Start(string? fault, params string[] args)
    {
        var psi = new ProcessStartInfo(Host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["HESSIANLAB_FAULT"] = fault ?? "";
        psi.Environment["COLUMNS"] = "250";
        return Process.Start(psi)!;
    }

    /// <summary>Runs to the end (at most <paramref name="timeoutSeconds"/>) and returns the exit code and all output.</summary>
    public static (int Exit, string Output) Run(string? fault, int timeoutSeconds, params string[] args)
    {
        using var p = Start(fault, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"hessianlab {string.Join(' ', args)} did not finish in {timeoutSeconds} s");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
