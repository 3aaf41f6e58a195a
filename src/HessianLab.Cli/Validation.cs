using HessianLab.Core;
using HessianLab.IO;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli;

/// <summary>Checks shared by several commands' <c>Validate()</c>: each returns null when the value is fine, else the
/// error naming the option.</summary>
public static class Validation
{
    /// <summary>A torch device name this build can use.</summary>
    public static ValidationResult? Device(string option, string name)
    {
        try
        {
            Devices.Check(name);
            return null;
        }
        catch (ArgumentException e) { return ValidationResult.Error($"{option}: {e.Message}"); }
    }

    /// <summary>A result folder that may be written and replaced (<see cref="ResultFolder.CheckTarget"/>).</summary>
    public static ValidationResult? OutputFolder(string option, string? dir)
    {
        if (dir is null) return null;
        try
        {
            ResultFolder.CheckTarget(dir);
            return null;
        }
        catch (IOException e) { return ValidationResult.Error($"{option}: {e.Message}"); }
    }

    /// <summary>An integer within [min, max].</summary>
    public static ValidationResult? InRange(string option, long value, long min, long max) =>
        value < min || value > max ? ValidationResult.Error($"{option} must be between {min:N0} and {max:N0}, got {value:N0}") : null;
}
