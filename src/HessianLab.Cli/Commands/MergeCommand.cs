using System.ComponentModel;
using HessianLab.Runs.Tiles;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab merge DIR`: checks the tiles in DIR/tiles and assembles them into the result folder DIR
/// (hessian.npy, metrics, pictures), holding one band in memory at a time.</summary>
public sealed class MergeCommand(IAnsiConsole console) : Command<MergeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<DIR>")]
        [Description("The folder given to `hessian … --tile K/N --out DIR` (its tiles are in DIR/tiles/).")]
        public string Dir { get; init; } = "";

        public override ValidationResult Validate() =>
            Directory.Exists(Dir) ? ValidationResult.Success() : ValidationResult.Error($"'{Dir}' is not a folder");
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var result = console.WithPhases(report => TileMerge.Execute(s.Dir, CliOutput.Record(context, null), report));
        console.PrintTable(result.Structure.SummaryTable());
        console.PrintTable(result.Structure.LayerTable());
        foreach (var (phase, sec) in result.Seconds) console.WriteLine($"time {phase}: {sec:F2} s");
        console.MarkupLineInterpolated($"[green]merged the {result.Parameters:N0}×{result.Parameters:N0} Hessian into {s.Dir} ({result.Files.Count} files)[/]");
        return 0;
    }
}
