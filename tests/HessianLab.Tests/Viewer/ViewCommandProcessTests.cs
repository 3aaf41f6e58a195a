using System.Diagnostics;
using System.Net;

namespace HessianLab.Tests.Viewer;

/// <summary>`hessianlab view` as a real process: prints its loopback URL, serves, and stops cleanly on Ctrl-C (SIGINT).</summary>
public sealed class ViewCommandProcessTests
{
    [Fact]
    public async Task Ctrl_C_stops_the_server_cleanly_with_exit_code_0()
    {
        using var folder = new KnownHessianFolder();
        string cli = Path.Combine(AppContext.BaseDirectory, "HessianLab.Cli.dll");
        // A shell without job control starts background jobs with SIGINT ignored, and children inherit that (CI run
        // as `(bash .ci/run &)` did, and the viewer rightly ignored Ctrl-C). env (GNU coreutils ≥ 8.31) puts SIGINT
        // back to its default before exec, as an interactive terminal would have it.
        var psi = new ProcessStartInfo("env", ["--default-signal=INT", "dotnet", "exec", cli, "view", folder.Dir, "--pooling", "mean"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["NO_COLOR"] = "1";
        using var p = Process.Start(psi)!;
        var errors = p.StandardError.ReadToEndAsync();   // read all along: a full stderr pipe would block the viewer
        try
        {
            string? url = null;
            var outputLines = new List<string>();
            var readUrl = Task.Run(() =>
            {
                string? line;
                while ((line = p.StandardOutput.ReadLine()) is not null)
                {
                    outputLines.Add(line);
                    int k = line.IndexOf("http://127.0.0.1:", StringComparison.Ordinal);
                    if (k >= 0) { url = line[k..].Split(' ')[0]; return; }
                }
            });
            if (await Task.WhenAny(readUrl, Task.Delay(TimeSpan.FromSeconds(60))) != readUrl || url is null)
            {
                p.Kill(entireProcessTree: true);
                Assert.Fail("no URL printed: " + string.Join("\n", outputLines) + await errors);
            }

            using var http = new HttpClient();
            var info = await http.GetStringAsync(new Uri(new Uri(url!), "api/info"));
            Assert.Contains("\"pooling\":\"mean\"", info);

            // Ctrl-C.
            using (var kill = Process.Start("kill", ["-INT", p.Id.ToString()])) kill.WaitForExit();
            var rest = p.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await p.WaitForExitAsync(timeout.Token); }   // the viewer bounds its own stop at 10 s
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
                Assert.Fail($"the viewer did not stop within 30 s of SIGINT; stdout: {await rest}; stderr: {await errors}");
            }
            Assert.Equal(0, p.ExitCode);
            Assert.Contains("viewer stopped", await rest);
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync(new Uri(new Uri(url!), "api/info")));
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void Bad_options_are_one_line_errors()
    {
        var (exit, output) = Cli.CliRunner.Run("view", "/nonexistent-folder-xyz");
        Assert.Equal(1, exit);
        Assert.Contains("is not a folder", output);
        (exit, output) = Cli.CliRunner.Run("view", Path.GetTempPath(), "--pooling", "median");
        Assert.Equal(1, exit);
        Assert.Contains("--pooling: 'median' is unknown; use max, mean", output);
        (exit, output) = Cli.CliRunner.Run("view", Path.GetTempPath(), "--port", "70000");
        Assert.Equal(1, exit);
        Assert.Contains("--port must be in [0, 65535]", output);
    }
}
