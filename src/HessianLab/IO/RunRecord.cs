namespace HessianLab.IO;

/// <summary>What produced a result folder, for its manifest: the command, its seed and the tool's version.</summary>
/// <param name="Command">The command line (or a description of the library call) that produced the result.</param>
/// <param name="Seed">The run's base seed, if it has one.</param>
public sealed record RunRecord(string Command, long? Seed = null)
{
    /// <summary>A record for a run started from library code rather than the command line.</summary>
    public static RunRecord Library(string what, long? seed = null) => new($"library: {what}", seed);

    /// <summary>HessianLab's informational version (assembly attribute).</summary>
    public static string ToolVersion { get; } =
        typeof(RunRecord).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";
}
