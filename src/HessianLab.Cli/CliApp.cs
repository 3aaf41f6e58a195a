using HessianLab.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli;

/// <summary>The `hessianlab` command line: maps arguments onto library options; holds no logic the library lacks.</summary>
public static class CliApp
{
    /// <summary>Registers every command (one line each).</summary>
    public static void Configure(IConfigurator config)
    {
        config.SetApplicationName("hessianlab");
        config.PropagateExceptions();
        // Commands register here, one line each.
        config.AddCommand<ExperimentsCommand>("experiments").WithDescription("List the talk's experiments.");
        config.AddCommand<ExperimentCommand>("experiment").WithDescription("Run one experiment (or all): pictures, numbers, configuration.");
        config.AddBranch("bench", b => b.AddCommand<BenchHessianCommand>("hessian").WithDescription("Exact Hessian engine vs autograd rows vs the GEMM rate."));
    }

    /// <summary>Runs the app; bad input becomes a one-line error and exit code 1 (never a stack trace).</summary>
    public static int Run(string[] args, IAnsiConsole? console = null)
    {
        var app = new CommandApp();
        app.Configure(c =>
        {
            Configure(c);
            if (console is not null) c.ConfigureConsole(console);
        });
        try
        {
            return app.Run(args);
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            (console ?? AnsiConsole.Console).MarkupLineInterpolated($"[red]error:[/] {CliErrors.Describe(e)}");
            return 1;
        }
    }
}
