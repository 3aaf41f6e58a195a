namespace HessianLab.Cli;

/// <summary>Parses option values into enums with messages that list the valid names.</summary>
public static class Names
{
    /// <summary>Case-insensitive enum parse ("relu" → Activation.Relu, "adam-mini" → AdamMini).</summary>
    /// <exception cref="ArgumentException">Unknown name: the message names the option and the valid values.</exception>
    public static T Parse<T>(string value, string option) where T : struct, Enum
    {
        string key = value.Replace("-", "").Replace("_", "");
        if (!int.TryParse(key, out _) && Enum.TryParse<T>(key, ignoreCase: true, out var result)) return result;
        throw new ArgumentException($"{option} '{value}' is unknown; use {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
    }
}
