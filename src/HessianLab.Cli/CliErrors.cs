using Spectre.Console.Cli;

namespace HessianLab.Cli;

/// <summary>Which exceptions are the user's input (one-line message, exit 1) rather than bugs.</summary>
public static class CliErrors
{
    /// <summary>True for argument, parse, I/O, memory-refusal and numeric-divergence errors.</summary>
    public static bool IsUserError(Exception e) => e is ArgumentException or CommandAppException or CommandParseException
        or CommandRuntimeException or IOException or UnauthorizedAccessException or InsufficientMemoryException
        or ArithmeticException or NotSupportedException or FormatException or InvalidDataException or OperationCanceledException;

    /// <summary>The one-line message (inner message for wrapped errors, no stack trace).</summary>
    public static string Describe(Exception e)
    {
        while (e is CommandRuntimeException && e.InnerException is not null) e = e.InnerException;
        string m = e.Message.ReplaceLineEndings(" ");
        return e is ArgumentException ae && ae.ParamName is { } p ? m.Replace($" (Parameter '{p}')", "") : m;
    }
}
