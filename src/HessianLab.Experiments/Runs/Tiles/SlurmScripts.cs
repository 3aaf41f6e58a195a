using System.Text;
using System.Text.RegularExpressions;
using HessianLab.IO;

namespace HessianLab.Runs.Tiles;

/// <summary>Options of a Slurm submission: N array tasks (one tile each) and the resources of each job.</summary>
/// <param name="Tasks">N, the number of tiles (array tasks 1…N, task K runs <c>--tile K/N</c>).</param>
/// <param name="Partition">sbatch --partition, or null for the cluster's default.</param>
/// <param name="Time">sbatch --time (e.g. 2:00:00), or null.</param>
/// <param name="Memory">sbatch --mem (e.g. 4G), or null.</param>
public sealed partial record SlurmOptions(int Tasks, string? Partition = null, string? Time = null, string? Memory = null)
{
    /// <summary>Checks the values (they go into a shell script) and returns this.</summary>
    /// <exception cref="ArgumentException">A value naming its parameter.</exception>
    public SlurmOptions Validated()
    {
        if (Tasks < 1) throw new ArgumentException($"the number of array tasks must be ≥ 1, got {Tasks}", nameof(Tasks));
        if (Partition is not null && !Word().IsMatch(Partition)) throw new ArgumentException($"partition '{Partition}' is not a Slurm partition name", nameof(Partition));
        if (Time is not null && !TimeRegex().IsMatch(Time)) throw new ArgumentException($"time '{Time}' is not a Slurm time such as 30, 2:00:00 or 1-12:00:00", nameof(Time));
        if (Memory is not null && !MemoryRegex().IsMatch(Memory)) throw new ArgumentException($"memory '{Memory}' is not a Slurm size such as 4000, 4G or 512M", nameof(Memory));
        return this;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.,-]+$")]
    private static partial Regex Word();

    [GeneratedRegex(@"^(\d+-)?\d+(:\d{1,2}){0,2}$")]
    private static partial Regex TimeRegex();

    [GeneratedRegex(@"^\d+[KMGT]?$")]
    private static partial Regex MemoryRegex();
}

/// <summary>Writes the Slurm scripts of a tiled Hessian job into <c>DIR/slurm/</c>: <c>array.sbatch</c> (one array
/// task per tile, each running this same command line with <c>--tile $SLURM_ARRAY_TASK_ID/N</c>), <c>merge.sbatch</c>
/// (<c>merge DIR</c>, its log in <c>DIR.merge.out</c>) and <c>submit.sh</c> (the two sbatch calls, the merge with <c>--dependency=afterok</c> on the
/// array). Only Slurm schedules: the scripts are plain sbatch batch scripts.</summary>
public static class SlurmScripts
{
    /// <summary>Writes the scripts; returns the shell commands that submit them.</summary>
    /// <param name="dir">DIR, the job's folder (made absolute in the scripts).</param>
    /// <param name="program">The command that runs the CLI, e.g. [dotnet, /path/HessianLab.Cli.dll].</param>
    /// <param name="hessianArgs">The hessian command and its options, without --out and the Slurm options.</param>
    /// <param name="slurm">Tasks and resources.</param>
    /// <exception cref="IOException">DIR is already a merged result.</exception>
    public static IReadOnlyList<string> Write(string dir, IReadOnlyList<string> program, IReadOnlyList<string> hessianArgs, SlurmOptions slurm)
    {
        slurm.Validated();
        string full = Path.GetFullPath(dir);
        if (File.Exists(Path.Combine(full, Manifest.FileName)))
            throw new IOException($"'{dir}' is already a merged result; choose a new folder for the Slurm job");
        string sdir = Path.Combine(full, "slurm");
        Directory.CreateDirectory(sdir);
        string cli = string.Join(' ', program.Select(Quote));
        string array = Path.Combine(sdir, "array.sbatch"), merge = Path.Combine(sdir, "merge.sbatch"), submit = Path.Combine(sdir, "submit.sh");
        AtomicFile.WriteText(array, Header("hessianlab-tiles", slurm, Path.Combine(sdir, "tile-%a.out"), $"--array=1-{slurm.Tasks}")
            + $"exec {cli} {string.Join(' ', hessianArgs.Select(Quote))} --out {Quote(full)} --tile \"${{SLURM_ARRAY_TASK_ID}}/{slurm.Tasks}\"\n");
        AtomicFile.WriteText(merge, Header("hessianlab-merge", slurm, MergeLog(full), null)
            + $"exec {cli} merge {Quote(full)}\n");
        var commands = new[]
        {
            $"jid=$(sbatch --parsable {Quote(array)})",
            $"sbatch --dependency=afterok:${{jid%%;*}} {Quote(merge)}",
        };
        AtomicFile.WriteText(submit, "#!/bin/bash\n# Submits the tile array, then the merge once every tile succeeded.\nset -euo pipefail\n"
            + string.Join('\n', commands) + "\n");
        if (!OperatingSystem.IsWindows())
            foreach (var f in new[] { array, merge, submit })
                File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return commands;
    }

    /// <summary>The merge job's log, beside DIR (<c>DIR.merge.out</c>): the merge replaces DIR as a whole and lists
    /// every file in its manifest, so a log still being written cannot live inside it.</summary>
    public static string MergeLog(string dir) => Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar) + ".merge.out";

    private static string Header(string name, SlurmOptions s, string output, string? array)
    {
        var b = new StringBuilder("#!/bin/bash\n");
        b.Append($"#SBATCH --job-name={name}\n#SBATCH --output={output}\n#SBATCH --ntasks=1\n");
        if (array is not null) b.Append($"#SBATCH {array}\n");
        if (s.Partition is not null) b.Append($"#SBATCH --partition={s.Partition}\n");
        if (s.Time is not null) b.Append($"#SBATCH --time={s.Time}\n");
        if (s.Memory is not null) b.Append($"#SBATCH --mem={s.Memory}\n");
        return b.Append("set -euo pipefail\n").ToString();
    }

    /// <summary>Single-quotes a word for bash (' becomes '\'').</summary>
    internal static string Quote(string s) =>
        s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || "-_./,=:+@%".Contains(c)) ? s : "'" + s.Replace("'", "'\\''") + "'";
}
