using System.ComponentModel;

namespace HessianLab.Cli.Parsing;

/// <summary>A width-list option's value ("500,8,500": d, hidden…, C). Not an array, so the parser binds it as one value.</summary>
[TypeConverter(typeof(WidthListConverter))]
public sealed record WidthList(int[] Values)
{
    public override string ToString() => string.Join(",", Values);
}
