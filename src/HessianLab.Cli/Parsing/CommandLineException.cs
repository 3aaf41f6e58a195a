namespace HessianLab.Cli.Parsing;

/// <summary>A malformed command line (unknown option, bad value, stray argument); its message is the one line shown.</summary>
public sealed class CommandLineException(string message) : Exception(message);
