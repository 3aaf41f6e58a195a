using HessianLab.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab experiments`: lists the experiments with the talk's claims.</summary>
public sealed class ExperimentsCommand(IAnsiConsole console) : Command<ExperimentsCommand.Settings>
{
    /// <summary>No options.</summary>
    public sealed class Settings : CommandSettings;

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumns("id", "title", "the talk's claim");
        foreach (var e in ExperimentRegistry.All) table.AddRow(Markup.Escape(e.Id), Markup.Escape(e.Title), Markup.Escape(e.Claim));
        console.Write(table);
        return 0;
    }
}
