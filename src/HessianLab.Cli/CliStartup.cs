using HessianLab.Plots;
using TorchSharp;

namespace HessianLab.Cli;

/// <summary>Work started before the command line is parsed.</summary>
internal static class CliStartup
{
    /// <summary>Commands that compute with libtorch; the others (help, verify, view, report, the experiment list) never load it.</summary>
    private static readonly HashSet<string> TorchCommands = new(StringComparer.Ordinal)
        { "hessian", "rmt", "reproduce", "experiment", "train", "gpt", "merge", "bench" };

    /// <summary>Commands that draw pictures.</summary>
    private static readonly HashSet<string> PlotCommands = new(StringComparer.Ordinal)
        { "hessian", "rmt", "reproduce", "experiment", "merge" };

    /// <summary>Draws a small picture in memory on a pool thread when the first argument names a command that draws,
    /// so ScottPlot's and Skia's one-time costs are paid while libtorch loads and the arguments are checked, not in the
    /// command's first picture (<see cref="PlotWarmUp"/>). A failure is left for the command's
    /// own first picture to report.</summary>
    public static void WarmUpPlotsInBackground(string[] args)
    {
        if (!Draws(args)) return;
        _ = PlotWarmUp.StartInBackground().ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
    }

    /// <summary>Loads libtorch (about 0.5 s of dynamic linking and library constructors) on a pool thread when the first
    /// argument names a command that will need it and does not start the load itself (<see cref="LoadsTorchItself"/>),
    /// so the load overlaps parsing and validation. A load failure is left for the command's own first torch call to
    /// report, as without this.</summary>
    public static void LoadTorchInBackground(string[] args)
    {
        if (NeedsTorch(args) && !LoadsTorchItself(args)) LoadTorchInBackground();
    }

    /// <summary>Starts loading libtorch on a pool thread (a no-op for the library once it is loaded).</summary>
    /// <remarks>While libtorch's constructors run, the dynamic loader's lock is held, and any other thread that binds a
    /// native function for the first time waits for it: measured with <c>strace -k</c>, the main thread spent the load
    /// inside <c>dlsym</c> for a System.Console call while parsing. A command that starts the load after its
    /// options are checked has that time for work of its own (<see cref="HessianLab.Core.NativeHeap.Prefault"/>).</remarks>
    public static void LoadTorchInBackground() => _ = Task.Run(() =>
    {
        try { torch.InitializeDeviceType(DeviceType.CPU); }
        catch (Exception) { /* reported by the command's first torch call */ }
    });

    /// <summary>Commands that start libtorch's load themselves once their options are checked: `hessian`, which backs its
    /// Hessian's memory meanwhile.</summary>
    internal static bool LoadsTorchItself(string[] args) => args.Length > 0 && args[0] == "hessian";

    /// <summary>Whether the command line names a command that computes with libtorch (and is not a help page).</summary>
    internal static bool NeedsTorch(string[] args) => args.Length > 0 && TorchCommands.Contains(args[0]) && !AsksForHelp(args);

    /// <summary>Whether the command line names a command that draws pictures (and is not a help page).</summary>
    internal static bool Draws(string[] args) => args.Length > 0 && PlotCommands.Contains(args[0]) && !AsksForHelp(args);

    /// <summary>A help page computes nothing: without this check `hessian --help` loaded libtorch for nothing and took
    /// 0.8 s instead of 0.2 s.</summary>
    private static bool AsksForHelp(string[] args) => args.Contains("--help") || args.Contains("-h");
}
