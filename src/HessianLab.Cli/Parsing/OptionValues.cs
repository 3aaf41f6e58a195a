using System.Globalization;
using System.Text.RegularExpressions;

namespace HessianLab.Cli.Parsing;

/// <summary>One parser per kind of option value; every converter of the command line calls these, so every
/// malformed value gets the same kind of message (the option's name is added by <see cref="ArgumentCheck"/>).</summary>
public static partial class OptionValues
{
    /// <summary>Parses an enum value written in kebab case ("adam-mini" → AdamMini, "relu" → Relu); case and
    /// dashes/underscores are ignored.</summary>
    /// <exception cref="FormatException">Unknown name: the message lists the valid ones.</exception>
    public static T ParseEnum<T>(string text) where T : struct, Enum
    {
        string key = text.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        foreach (var v in Enum.GetValues<T>())
            if (string.Equals(v.ToString(), key, StringComparison.OrdinalIgnoreCase)) return v;
        throw new FormatException($"'{text}' is unknown; use {string.Join(", ", Names<T>())}");
    }

    /// <summary>The kebab-case names of an enum's values, as the command line spells them.</summary>
    public static IEnumerable<string> Names<T>() where T : struct, Enum => Enum.GetNames<T>().Select(Kebab);

    /// <summary>"ShapeRatio" → "shape-ratio", "MatchAdamWRms" → "match-adamw-rms"; the optimizers' own names stay
    /// whole ("AdamW" → "adamw", "NorMuon" → "normuon").</summary>
    public static string Kebab(string name) =>
        KebabBoundary().Replace(name, "-").ToLowerInvariant()
            .Replace("adam-w", "adamw", StringComparison.Ordinal).Replace("nor-muon", "normuon", StringComparison.Ordinal);

    [GeneratedRegex("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")]
    private static partial Regex KebabBoundary();

    /// <summary>A size in bytes: "2GB", "512MB", "64KB", "100B"; a plain number is GB ("2" = 2 GB).</summary>
    /// <exception cref="FormatException">Not a positive size, or more than 2⁶² bytes.</exception>
    public static long ParseSize(string text)
    {
        string t = text.Trim().ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal);
        double unit = 1L << 30;
        if (t.EndsWith('B'))
        {
            t = t[..^1];
            unit = 1;
        }
        if (t.Length > 0 && "KMGT".Contains(t[^1]))
        {
            unit = t[^1] switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 1L << 40 };
            t = t[..^1];
        }
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v > 0) || !double.IsFinite(v))
            throw new FormatException($"'{text}' is not a positive size such as 2GB, 512MB or 2 (GB)");
        double bytes = Math.Round(v * unit);
        if (bytes < 1 || bytes > (double)(1L << 62)) throw new FormatException($"'{text}' is not a size between 1 byte and 4 EB");
        return (long)bytes;
    }

    /// <summary>Comma-separated positive widths "500,8,500" (at least two).</summary>
    /// <exception cref="FormatException">The message names the bad item.</exception>
    public static int[] ParseWidths(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new FormatException("is empty; give comma-separated widths such as 500,8,500");
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out long w))
                throw new FormatException($"'{text}': '{parts[i]}' is not an integer width");
            if (w <= 0) throw new FormatException($"'{text}': width #{i + 1} is {w}; every width must be a positive integer");
            if (w > int.MaxValue) throw new FormatException($"'{text}': width #{i + 1} is {w}, more than {int.MaxValue:N0}");
            widths[i] = (int)w;
        }
        if (widths.Length < 2) throw new FormatException($"'{text}' needs at least an input and an output width (e.g. 500,8,500)");
        return widths;
    }

    /// <summary>A whole number of type <paramref name="type"/> (int or long), with a range message.</summary>
    public static object ParseInteger(string text, Type type)
    {
        if (!long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v))
            throw new FormatException(decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                ? $"'{text}' is not a whole number within range" : $"'{text}' is not a whole number");
        if (type == typeof(int))
        {
            if (v is > int.MaxValue or < int.MinValue) throw new FormatException($"'{text}' is out of range (at most {int.MaxValue:N0})");
            return (int)v;
        }
        return v;
    }

    /// <summary>A floating-point number (invariant culture; "1e-4", "Infinity" and "NaN" parse, ranges are each option's check).</summary>
    public static double ParseDouble(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
        : throw new FormatException($"'{text}' is not a number");
}
