namespace HessianLab.Cli;

/// <summary>How to start this same command line again (for batch scripts): the executable, or the dotnet host and
/// the CLI assembly when run through <c>dotnet HessianLab.Cli.dll</c>.</summary>
public static class CliProgram
{
    /// <summary>The words that start the CLI.</summary>
    public static IReadOnlyList<string> Command()
    {
        string process = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? new[] { process, typeof(CliProgram).Assembly.Location }
            : new[] { process };
    }
}
