using System.ComponentModel;
using HessianLab.IO;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab verify DIR`: checks a result folder against its manifest.json (every file present, sizes and
/// SHA-256 equal, nothing unlisted); exit 0 when it verifies, 1 with the problems otherwise.</summary>
public sealed class VerifyCommand(IAnsiConsole console) : Command<VerifyCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<DIR>")]
        [Description("A result folder written by hessian, train, rmt, experiment or reproduce.")]
        public string Dir { get; init; } = "";

        public override ValidationResult Validate() =>
            Directory.Exists(Dir) ? ValidationResult.Success() : ValidationResult.Error($"'{Dir}' is not a folder");
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var problems = Manifest.Verify(s.Dir);
        if (problems.Count > 0)
        {
            foreach (var p in problems.Take(20)) console.MarkupLineInterpolated($"[red]{p}[/]");
            if (problems.Count > 20) console.MarkupLineInterpolated($"[red]… {problems.Count - 20} more[/]");
            throw new InvalidDataException($"'{s.Dir}' does not match its manifest ({problems.Count} problem(s))");
        }
        var m = Manifest.Read(s.Dir);
        console.MarkupLineInterpolated($"[green]'{s.Dir}' verifies: {m.Files.Count} files, {m.Files.Sum(f => f.Bytes):N0} bytes, written {m.Finished} by: {m.Command}[/]");
        return 0;
    }
}
