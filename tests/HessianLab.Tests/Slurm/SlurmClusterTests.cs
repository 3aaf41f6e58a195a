using System.Diagnostics;
using HessianLab.IO;
using HessianLab.Tests.TestSupport;

namespace HessianLab.Tests.Slurm;

/// <summary>The tiled Hessian on a real single-node Slurm cluster (.ci/slurm-up.sh): a 4-task job array for a
/// P = 3000 Hessian plus its merge (afterok), one array task cancelled and resubmitted; the merged hessian.npy must
/// equal, byte for byte, the same 4 bands computed in one local process.</summary>
[Collection(TorchCollection.Name)]
public sealed class SlurmClusterTests : IDisposable
{
    private static readonly string[] Net = { "--layers", "100,20,50", "--samples", "300", "--seed", "5" };   // P = 3000
    private readonly string _root = Path.Combine("/tmp", $"hl-slurm-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, true);
    }

    [SlurmFact]
    public void A_four_tile_array_with_a_cancelled_task_resubmitted_merges_to_the_single_process_result()
    {
        var (up, upOutput) = Shell(RepoFile(".ci/slurm-up.sh"), 120);
        Assert.True(up == 0, $"the Slurm cluster did not come up: {upOutput}");
        string dir = Path.Combine(_root, "job");
        var (exit, printed) = CliProcess.Run(null, 120, new[] { "hessian" }.Concat(Net).Concat(new[] { "--slurm", "4", "--mem", "1500", "--time", "20", "--out", dir }).ToArray());
        Assert.True(exit == 0, printed);
        Assert.Contains("--dependency=afterok:", printed);
        string array = Path.Combine(dir, "slurm", "array.sbatch"), merge = Path.Combine(dir, "slurm", "merge.sbatch");

        // submit held, cancel task 2, release: tasks 1, 3, 4 run; the merge waits on the whole array and can never run
        string jid = Sbatch("--hold", array);
        string mid = Sbatch($"--dependency=afterok:{jid}", merge);
        Run("scancel", $"{jid}_2");
        Run("scontrol", "release", jid);
        WaitGone(jid, 600);
        Assert.True(Directory.Exists(Path.Combine(dir, "tiles", "3-of-4")), Output(dir, "tile-3.out"));
        Assert.False(Directory.Exists(Path.Combine(dir, "tiles", "2-of-4")));
        Assert.Contains("Dependency", Run("squeue", "-h", "-j", mid, "-o", "%r"));   // DependencyNeverSatisfied
        Run("scancel", mid);

        // resubmit only task 2, and the merge after it
        string j2 = Sbatch("--array=2", array);
        string m2 = Sbatch($"--dependency=afterok:{j2}", merge);
        WaitGone(m2, 600);
        Assert.Contains("JobState=COMPLETED", Run("scontrol", "show", "job", m2));
        Assert.Empty(Manifest.Verify(dir));                                    // tiles and scripts carried in, all listed
        Assert.Contains("merged the 3,000×3,000 Hessian", File.ReadAllText(HessianLab.Runs.Tiles.SlurmScripts.MergeLog(dir)));

        string local = Path.Combine(_root, "local");
        var (lexit, lout) = CliProcess.Run(null, 600, new[] { "hessian" }.Concat(Net).Concat(new[] { "--bands", "4", "--out", local }).ToArray());
        Assert.True(lexit == 0, lout);
        Assert.Equal(Manifest.Hash(Path.Combine(local, "hessian.npy")), Manifest.Hash(Path.Combine(dir, "hessian.npy")));
        Assert.Equal(Manifest.Hash(Path.Combine(local, "inputs", "W1.npy")), Manifest.Hash(Path.Combine(dir, "inputs", "W1.npy")));
    }

    private static string Output(string dir, string file) =>
        File.Exists(Path.Combine(dir, "slurm", file)) ? File.ReadAllText(Path.Combine(dir, "slurm", file)) : $"(no {file})";

    private static string Sbatch(params string[] args) => Run("sbatch", new[] { "--parsable" }.Concat(args).ToArray()).Trim().Split(';')[0];

    /// <summary>Polls squeue until the job (all its array tasks) has left the queue.</summary>
    private static void WaitGone(string job, int timeoutSeconds)
    {
        var sw = Stopwatch.StartNew();
        while (Run("squeue", "-h", "-j", job, "-o", "%i %T").Trim().Length > 0)
        {
            if (sw.Elapsed.TotalSeconds > timeoutSeconds) throw new TimeoutException($"Slurm job {job} still queued after {timeoutSeconds} s: {Run("squeue")}");
            Thread.Sleep(1000);
        }
    }

    private static string Run(string command, params string[] args)
    {
        var psi = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0 && command != "squeue") throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed ({p.ExitCode}): {output}");
        return output;
    }

    private static (int Exit, string Output) Shell(string script, int timeoutSeconds)
    {
        var psi = new ProcessStartInfo("bash", script) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds))) { p.Kill(true); return (-1, "timed out"); }
        return (p.ExitCode, o.Result + e.Result);
    }

    private static string RepoFile(string relative)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, relative))) return Path.Combine(d.FullName, relative);
        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}
