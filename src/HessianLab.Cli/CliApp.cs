using HessianLab.Cli.Commands;
using HessianLab.Cli.Parsing;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli;

/// <summary>The `hessianlab` command line: maps arguments onto library options; holds no logic the library lacks.</summary>
public static class CliApp
{
    /// <summary>Registers every command (one line each) in Spectre's configurator and in <paramref name="catalog"/>.</summary>
    public static void Configure(IConfigurator config, CommandCatalog catalog)
    {
        config.SetApplicationName("hessianlab");
        config.PropagateExceptions();
        config.Settings.StrictParsing = true;
        // Commands register here, one line each.
        Add<HessianCommand, HessianCommand.Settings>(config, catalog, "hessian", "Exact Hessian of an MLP: hessian.npy, inputs, metrics, pictures.");
        Add<ExperimentsCommand, ExperimentsCommand.Settings>(config, catalog, "experiments", "List the talk's experiments.");
        Add<RmtCommand, RmtCommand.Settings>(config, catalog, "rmt", "Eigenvalue histogram of (1/n) X X^T against Marchenko–Pastur (the talk's picture).");
        Add<ReproduceCommand, ReproduceCommand.Settings>(config, catalog, "reproduce", "Every experiment of the talk (or --only some), then REPORT.md.");
        Add<ExperimentCommand, ExperimentCommand.Settings>(config, catalog, "experiment", "Run one experiment: pictures, numbers, configuration.");
        Add<TrainCommand, TrainCommand.Settings>(config, catalog, "train", "Full-batch MLP training with adamw, adam-mini, muon or normuon.");
        Add<VerifyCommand, VerifyCommand.Settings>(config, catalog, "verify", "Check a result folder against its manifest.json.");
        Add<ViewCommand, ViewCommand.Settings>(config, catalog, "view", "Zoomable web viewer of a result folder's Hessian (127.0.0.1, read-only).");
        Add<ReportCommand, ReportCommand.Settings>(config, catalog, "report", "report.html (self-contained) from a reproduce or experiment result folder.");
        Add<GptCommand, GptCommand.Settings>(config, catalog, "gpt", "GPT-2 checkpoint folder: mean next-token cross-entropy of --token-ids, logits.npy.");
        Add<MergeCommand, MergeCommand.Settings>(config, catalog, "merge", "Merge the Hessian tiles of DIR/tiles into the result folder DIR.");
        config.AddBranch("bench", b =>
        {
            Add<BenchHessianCommand, BenchHessianCommand.Settings>(b, catalog, "bench hessian", "Exact Hessian engine vs autograd rows vs the GEMM rate.");
            Add<BenchHvpCommand, BenchHvpCommand.Settings>(b, catalog, "bench hvp", "Hessian-vector products vs gradients on the same model and batch.");
            Add<BenchViewCommand, BenchViewCommand.Settings>(b, catalog, "bench view", "Viewer tile latency (top, pooled, deepest level) and server memory on a result folder.");
        });
    }

    private static void Add<TCommand, TSettings>(IConfigurator config, CommandCatalog catalog, string path, string description)
        where TCommand : class, ICommand<TSettings> where TSettings : CommandSettings
    {
        catalog.Add(path, typeof(TSettings));
        config.AddCommand<TCommand>(path.Split(' ')[^1]).WithDescription(description);
    }

    private static void Add<TCommand, TSettings>(IConfigurator<CommandSettings> branch, CommandCatalog catalog, string path, string description)
        where TCommand : class, ICommand<TSettings> where TSettings : CommandSettings
    {
        catalog.Add(path, typeof(TSettings));
        branch.AddCommand<TCommand>(path.Split(' ')[^1]).WithDescription(description);
    }

    /// <summary>Runs the app; bad input becomes a one-line error and exit code 1, any other failure one line and
    /// exit code 2 — never a stack trace (set HESSIANLAB_DEBUG=1 to get one).</summary>
    public static int Run(string[] args, IAnsiConsole? console = null)
    {
        var output = console ?? AnsiConsole.Console;
        var catalog = new CommandCatalog();
        var app = new CommandApp();
        app.Configure(c =>
        {
            Configure(c, catalog);
            c.ConfigureConsole(output);
        });
        try
        {
            return app.Run(ArgumentCheck.Check(RmtCommand.NormalizeArguments(args), catalog));
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            Error(console, $"error: {CliErrors.Describe(e)}");
            return 1;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("HESSIANLAB_DEBUG") is null)
        {
            Error(console, $"internal error ({e.GetType().Name}): {CliErrors.Describe(e)} — this is a bug; rerun with HESSIANLAB_DEBUG=1 for the stack trace");
            return 2;
        }
    }

    /// <summary>One unwrapped line: on standard error for the real terminal, into the given console in tests.</summary>
    private static void Error(IAnsiConsole? console, string line)
    {
        if (console is not null) console.WriteLine(line, new Style(Color.Red));
        else Console.Error.WriteLine(line);
    }
}
