using System.Text.Json;
using HessianLab.IO;
using HessianLab.Tests.TestSupport;

namespace HessianLab.Tests.Reliability;

/// <summary>The result-folder guarantee, tested on the real CLI in child processes: a P = 8000 Hessian run killed
/// with SIGKILL at each moment of its write path, or failing to write (full disk), leaves the previous result
/// complete (it verifies against its manifest); a completed run replaces it whole and cleans every leftover.</summary>
[Collection(TorchCollection.Name)]
public sealed class KillDuringRunTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"kill-{Guid.NewGuid():N}");
    private string Out => Path.Combine(_root, "talk");

    public KillDuringRunTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>The talk's net (P = 8000, a 512 MB matrix) on few samples, so the writing dominates; or a small net.</summary>
    private string[] Args(int seed, bool talk = true) => new[] { "hessian", "--layers", talk ? "500,8,500" : "30,6,20", "--samples", "200",
        "--seed", seed.ToString(), "--out", Out };

    private long SeedOnDisk() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, "config.json"))).RootElement.GetProperty("dataSeed").GetInt64();

    private void AssertCompleteResultOfSeed(int seed, long parameters = 8000)
    {
        var problems = Manifest.Verify(Out);
        Assert.True(problems.Count == 0, string.Join("; ", problems));
        Assert.Equal(seed, SeedOnDisk());
        Assert.Equal(seed, Manifest.Read(Out).Seed);
        Assert.Equal(parameters * parameters * 8 + 128, Manifest.Read(Out).Files.Single(f => f.Path == "hessian.npy").Bytes);
    }

    [Fact]
    public void A_P8000_run_killed_at_each_stage_leaves_the_previous_result_and_the_next_run_replaces_it_cleanly()
    {
        var (exit, output) = CliProcess.Run(null, 300, Args(1));
        Assert.True(exit == 0, output);
        AssertCompleteResultOfSeed(1);

        // SIGKILL at: the Hessian computed (nothing written); half-way through hessian.npy; the first picture written;
        // config.json written (metrics.json not yet).
        foreach (var point in new[] { "computed", "write:hessian.npy", "written:hessian_abs_linear.png", "written:config.json" })
        {
            var (code, text) = CliProcess.Run($"{point}=kill", 300, Args(2));
            Assert.True(code == 137, $"{point}: expected SIGKILL (137), got {code}: {text}");
            AssertCompleteResultOfSeed(1);
        }
        Assert.NotEmpty(Directory.GetDirectories(_root, ".talk.staging-*"));   // the killed runs' leftovers

        (exit, output) = CliProcess.Run(null, 300, Args(2));
        Assert.True(exit == 0, output);
        AssertCompleteResultOfSeed(2);
        Assert.Empty(Directory.GetDirectories(_root, ".talk.*"));
        Assert.Empty(Directory.GetFiles(_root, ".tmp-*"));
        Assert.Empty(Directory.GetFiles(Out, ".tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Kills_around_the_swap_and_full_disks_leave_the_previous_result()
    {
        const long p = 30 * 6 + 6 * 20;
        var (exit, output) = CliProcess.Run(null, 300, Args(1, talk: false));
        Assert.True(exit == 0, output);
        AssertCompleteResultOfSeed(1, p);

        // Every file written, manifest not yet; manifest written, the folder not yet swapped in.
        foreach (var point in new[] { "manifest", "swap" })
        {
            var (code, text) = CliProcess.Run($"{point}=kill", 300, Args(2, talk: false));
            Assert.True(code == 137, $"{point}: expected SIGKILL (137), got {code}: {text}");
            AssertCompleteResultOfSeed(1, p);
        }

        // The full-disk case, at the matrix and at a picture: one line, exit 1, the previous result untouched.
        foreach (var point in new[] { "write:hessian.npy", "written:hessian_abs_log.png" })
        {
            var (code, text) = CliProcess.Run($"{point}=enospc", 300, Args(2, talk: false));
            Assert.True(code == 1, $"{point}: {text}");
            Assert.Contains("error: No space left on device", text);
            Assert.DoesNotContain("   at ", text);
            AssertCompleteResultOfSeed(1, p);
        }

        (exit, output) = CliProcess.Run(null, 300, Args(2, talk: false));
        Assert.True(exit == 0, output);
        AssertCompleteResultOfSeed(2, p);
        Assert.Empty(Directory.GetDirectories(_root, ".talk.*"));
    }

    [Fact]
    public void A_second_run_on_the_same_folder_fails_at_once_naming_the_first()
    {
        using var first = CliProcess.Start("computed=hold:6", "hessian", "--layers", "30,6,20", "--samples", "50", "--out", Out);
        string pidFile = Path.Combine(_root, ".talk.lock.pid");
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!(File.Exists(pidFile) && File.ReadAllText(pidFile).Trim() == first.Id.ToString()) && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.True(File.Exists(pidFile), "the first run never took the lock");

        var (exit, output) = CliProcess.Run(null, 120, "hessian", "--layers", "30,6,20", "--samples", "50", "--seed", "5", "--out", Out);
        Assert.Equal(1, exit);
        Assert.Contains($"is being written by another run (process {first.Id})", output);

        Assert.True(first.WaitForExit(TimeSpan.FromSeconds(300)));
        Assert.Equal(0, first.ExitCode);
        Assert.Empty(Manifest.Verify(Out));
        Assert.Equal(0, SeedOnDisk());
    }
}
