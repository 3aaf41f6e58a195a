using HessianLab.Cli.Parsing;
using Spectre.Console.Cli;

namespace HessianLab.Cli;

/// <summary>Which exceptions are the user's input (one-line message, exit 1) rather than bugs, and their one line.</summary>
public static class CliErrors
{
    /// <summary>True for command-line, argument, parse, I/O, memory-refusal and numeric-divergence errors.</summary>
    public static bool IsUserError(Exception e) => Unwrap(e) is CommandLineException or ArgumentException or CommandAppException
        or CommandParseException or IOException or UnauthorizedAccessException or InsufficientMemoryException
        or ArithmeticException or NotSupportedException or FormatException or InvalidDataException or OperationCanceledException
        or OutOfMemoryException;

    /// <summary>The one-line message: inner message for wrapped errors, the first line of a native (libtorch)
    /// error, no stack trace, no "(Parameter 'x')" suffix.</summary>
    public static string Describe(Exception e)
    {
        e = Unwrap(e);
        string m = e.Message;
        if (e is System.Runtime.InteropServices.ExternalException || e is OutOfMemoryException and not InsufficientMemoryException)
            m = "libtorch: " + FirstLine(m);
        m = m.ReplaceLineEndings(" ");
        return e is ArgumentException ae && ae.ParamName is { } p ? m.Replace($" (Parameter '{p}')", "") : m;
    }

    private static Exception Unwrap(Exception e)
    {
        while (e is CommandRuntimeException or AggregateException or System.Reflection.TargetInvocationException && e.InnerException is not null)
            e = e.InnerException!;
        return e;
    }

    private static string FirstLine(string m)
    {
        string line = m.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? m;
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
