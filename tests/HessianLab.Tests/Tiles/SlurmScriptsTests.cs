using HessianLab.Cli.Commands;
using HessianLab.Runs.Tiles;

namespace HessianLab.Tests.Tiles;

public sealed class SlurmScriptsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"hl-sbatch-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, true);
    }

    [Fact]
    public void The_array_script_runs_one_tile_per_task_and_the_merge_waits_for_the_whole_array()
    {
        string dir = Path.Combine(_root, "job it's");
        var commands = SlurmScripts.Write(dir, new[] { "/usr/bin/dotnet", "/opt/hl/HessianLab.Cli.dll" },
            new[] { "hessian", "--layers=100,20,50", "--samples", "300" }, new SlurmOptions(4, "gpu", "2:00:00", "4G"));
        string array = File.ReadAllText(Path.Combine(dir, "slurm", "array.sbatch"));
        string merge = File.ReadAllText(Path.Combine(dir, "slurm", "merge.sbatch"));
        Assert.StartsWith("#!/bin/bash\n", array);
        foreach (var line in new[] { "#SBATCH --array=1-4", "#SBATCH --partition=gpu", "#SBATCH --time=2:00:00", "#SBATCH --mem=4G" })
            Assert.Contains(line + "\n", array);
        string quoted = "'" + Path.GetFullPath(dir).Replace("'", "'\\''") + "'";
        Assert.Contains($"exec /usr/bin/dotnet /opt/hl/HessianLab.Cli.dll hessian --layers=100,20,50 --samples 300 --out {quoted} --tile \"${{SLURM_ARRAY_TASK_ID}}/4\"\n", array);
        Assert.Contains($"exec /usr/bin/dotnet /opt/hl/HessianLab.Cli.dll merge {quoted}\n", merge);
        Assert.DoesNotContain("--array", merge);
        Assert.Equal(2, commands.Count);
        Assert.StartsWith("jid=$(sbatch --parsable ", commands[0]);
        Assert.StartsWith("sbatch --dependency=afterok:${jid%%;*} ", commands[1]);
        Assert.Contains(commands[1], File.ReadAllText(Path.Combine(dir, "slurm", "submit.sh")));
    }

    [Theory]
    [InlineData("gpu;rm -rf /", null, null, "Partition")]
    [InlineData(null, "2h", null, "Time")]
    [InlineData(null, null, "4GB", "Memory")]
    public void Values_that_are_not_Slurm_syntax_are_refused_before_any_script_is_written(string? partition, string? time, string? mem, string param)
    {
        var e = Assert.Throws<ArgumentException>(() => new SlurmOptions(2, partition, time, mem).Validated());
        Assert.Equal(param, e.ParamName);
    }

    [Fact]
    public void The_replayed_arguments_drop_out_and_the_Slurm_options_in_both_forms()
    {
        var kept = TileArguments.Replayable(new[] { "hessian", "--layers", "5,3,2", "--out", "x", "--slurm=4", "--mem", "2G", "--bias", "--time=10", "--partition", "p" });
        Assert.Equal(new[] { "hessian", "--layers", "5,3,2", "--bias" }, kept);
    }
}
