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
        config.AddCommand<HessianCommand>("hessian").WithDescription("Exact Hessian of an MLP: hessian.npy, inputs, metrics, pictures.");
        config.AddCommand<ExperimentsCommand>("experiments").WithDescription("List the talk's experiments.");
        config.AddCommand<RmtCommand>("rmt").WithDescription("Eigenvalue histogram of (1/n) X X^T against Marchenko–Pastur (the talk's picture).");
        config.AddCommand<ReproduceCommand>("reproduce").WithDescription("Every experiment of the talk (or --only some), then REPORT.md.");
        config.AddCommand<ExperimentCommand>("experiment").WithDescription("Run one experiment (or all): pictures, numbers, configuration.");
        config.AddCommand<TrainCommand>("train").WithDescription("Full-batch MLP training with adamw, adam-mini, muon or normuon.");
        config.AddCommand<GptCommand>("gpt").WithDescription("GPT-2 checkpoint folder: mean next-token cross-entropy of --token-ids, logits.npy.");
        config.AddBranch("bench", b =>
        {
            b.AddCommand<BenchHessianCommand>("hessian").WithDescription("Exact Hessian engine vs autograd rows vs the GEMM rate.");
            b.AddCommand<BenchHvpCommand>("hvp").WithDescription("Hessian-vector products vs gradients on the same model and batch.");
        });
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
            return app.Run(RmtCommand.NormalizeArguments(args));
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            (console ?? AnsiConsole.Console).MarkupLineInterpolated($"[red]error:[/] {CliErrors.Describe(e)}");
            return 1;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("HESSIANLAB_DEBUG") is null)
        {
            (console ?? AnsiConsole.Console).MarkupLineInterpolated(
                $"[red]internal error ({e.GetType().Name}):[/] {CliErrors.Describe(e)} — this is a bug; rerun with HESSIANLAB_DEBUG=1 for the stack trace");
            return 2;
        }
    }
}
