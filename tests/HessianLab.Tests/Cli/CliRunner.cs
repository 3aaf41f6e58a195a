using HessianLab.Cli;
using Spectre.Console.Testing;

namespace HessianLab.Tests.Cli;

/// <summary>Runs the real command line in-process and captures its output.</summary>
public static class CliRunner
{
    public static (int Exit, string Output) Run(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 100_000;   // one error line is one line, however long
        int exit = CliApp.Run(args, console);
        return (exit, console.Output);
    }

    /// <summary>A fresh temporary path that does not exist yet: for commands expected to refuse before writing.</summary>
    public static string UnusedDir() => Path.Combine(Path.GetTempPath(), $"hl-{Guid.NewGuid():N}");

    public static string TempDir()
    {
        string d = UnusedDir();
        Directory.CreateDirectory(d);
        return d;
    }
}
