using TorchSharp;

namespace HessianLab.Cli;

/// <summary>Work started before the command line is parsed.</summary>
internal static class CliStartup
{
    /// <summary>Commands that compute with libtorch; the others (help, verify, view, report, the experiment list) never load it.</summary>
    private static readonly HashSet<string> TorchCommands = new(StringComparer.Ordinal)
        { "hessian", "rmt", "reproduce", "experiment", "train", "gpt", "merge", "bench" };

    /// <summary>Loads libtorch (about 0.4 s of dynamic linking and initialization) on a pool thread when the first
    /// argument names a command that will need it, so the load overlaps parsing and validation. A load failure is
    /// left for the command's own first torch call to report, as without this.</summary>
    public static void LoadTorchInBackground(string[] args)
    {
        if (args.Length == 0 || !TorchCommands.Contains(args[0])) return;
        _ = Task.Run(() =>
        {
            try { torch.InitializeDeviceType(DeviceType.CPU); }
            catch (Exception) { /* reported by the command's first torch call */ }
        });
    }
}
