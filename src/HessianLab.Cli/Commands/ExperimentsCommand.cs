using HessianLab.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab experiments`: lists the experiments with the talk's claims.</summary>
public sealed class ExperimentsCommand : Command
{
    public override int Execute(CommandContext context, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumns("id", "title", "the talk's claim");
        foreach (var e in ExperimentRegistry.All) table.AddRow(Markup.Escape(e.Id), Markup.Escape(e.Title), Markup.Escape(e.Claim));
        AnsiConsole.Write(table);
        return 0;
    }
}
