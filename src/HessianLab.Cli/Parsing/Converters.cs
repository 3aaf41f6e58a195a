using System.ComponentModel;
using System.Globalization;

namespace HessianLab.Cli.Parsing;

/// <summary>Base of the command line's type converters: from a string, through <see cref="OptionValues"/>.</summary>
public abstract class StringConverter<T> : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string s ? Parse(s) : base.ConvertFrom(context, culture, value);

    /// <summary>Parses the text.</summary>
    /// <exception cref="FormatException">Malformed text.</exception>
    protected abstract T Parse(string text);
}

/// <summary>Kebab-case enum names ("adam-mini", "shape-ratio").</summary>
public sealed class KebabEnumConverter<T> : StringConverter<T> where T : struct, Enum
{
    protected override T Parse(string text) => OptionValues.ParseEnum<T>(text);
}

/// <summary>Sizes such as "2GB" (see <see cref="ByteSize"/>).</summary>
public sealed class ByteSizeConverter : StringConverter<ByteSize>
{
    protected override ByteSize Parse(string text) => new(OptionValues.ParseSize(text));
}

/// <summary>Width lists such as "500,8,500" (see <see cref="WidthList"/>).</summary>
public sealed class WidthListConverter : StringConverter<WidthList>
{
    protected override WidthList Parse(string text) => new(OptionValues.ParseWidths(text));
}
