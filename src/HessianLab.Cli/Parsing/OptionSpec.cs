using System.ComponentModel;
using System.Reflection;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Parsing;

/// <summary>One option of a command as its settings class declares it: names, whether it takes a value, and the
/// converter that turns the value into the property's type.</summary>
public sealed record OptionSpec(IReadOnlyList<string> Names, bool TakesValue, PropertyInfo Property)
{
    /// <summary>The name shown in messages ("--samples").</summary>
    public string Display => Names.FirstOrDefault(n => n.StartsWith("--", StringComparison.Ordinal)) ?? Names[0];

    /// <summary>The options of a settings type (its own and inherited properties).</summary>
    public static IReadOnlyList<OptionSpec> Of(Type settings) =>
        settings.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (p, a: p.GetCustomAttribute<CommandOptionAttribute>()))
            .Where(x => x.a is not null)
            .Select(x => new OptionSpec(
                x.a!.LongNames.Select(n => "--" + n).Concat(x.a.ShortNames.Select(n => "-" + n)).ToList(),
                x.a.ValueName is not null, x.p))
            .ToList();

    /// <summary>Number of positional arguments a settings type declares.</summary>
    public static int ArgumentCount(Type settings) =>
        settings.GetProperties(BindingFlags.Public | BindingFlags.Instance).Count(p => p.GetCustomAttribute<CommandArgumentAttribute>() is not null);

    /// <summary>Converts <paramref name="text"/> as the parser will bind it, so a bad value is reported with the
    /// option's name before the command runs.</summary>
    /// <exception cref="FormatException">The value does not convert.</exception>
    public void CheckValue(string text)
    {
        var type = Nullable.GetUnderlyingType(Property.PropertyType) ?? Property.PropertyType;
        if (type == typeof(string)) return;
        if (type == typeof(int) || type == typeof(long)) { OptionValues.ParseInteger(text, type); return; }
        if (type == typeof(double)) { OptionValues.ParseDouble(text); return; }
        var converter = Property.GetCustomAttribute<TypeConverterAttribute>() is { } a && Type.GetType(a.ConverterTypeName) is { } ct
            ? (TypeConverter)Activator.CreateInstance(ct)!
            : TypeDescriptor.GetConverter(type);
        try { converter.ConvertFromInvariantString(text); }
        catch (Exception e) when (e is not FormatException) { throw new FormatException($"'{text}' is not a valid value ({e.Message})"); }
    }
}
