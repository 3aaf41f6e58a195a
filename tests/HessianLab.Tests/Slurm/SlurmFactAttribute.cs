namespace HessianLab.Tests.Slurm;

/// <summary>A fact that needs Slurm's and munge's commands on PATH (Debian's slurm-wlm and munge); skipped with a
/// one-line reason where they are missing.</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        var missing = new[] { "sbatch", "squeue", "scancel", "scontrol", "sinfo", "munged", "slurmctld", "slurmd" }.Where(c => !OnPath(c)).ToList();
        if (missing.Count > 0) Skip = $"Slurm is not installed here ({string.Join(", ", missing)} not on PATH): apt-get install slurm-wlm munge";
    }

    private static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(new[] { "/usr/sbin", "/sbin" })
            .Any(d => d.Length > 0 && File.Exists(Path.Combine(d, command)));
}
