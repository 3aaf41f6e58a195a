using System.ComponentModel;
using System.Globalization;

namespace HessianLab.Cli.Parsing;

/// <summary>A "K/N" option value (tile K of N, shard S of M): 1 ≤ K ≤ N.</summary>
[TypeConverter(typeof(FractionConverter))]
public sealed record Fraction(int Part, int Of)
{
    public override string ToString() => $"{Part}/{Of}";
}

/// <summary>Parses "K/N" with integers 1 ≤ K ≤ N.</summary>
public sealed class FractionConverter : StringConverter<Fraction>
{
    protected override Fraction Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            throw new FormatException($"'{text}' is not K/N with whole numbers, such as 2/4");
        if (n < 1 || k < 1 || k > n) throw new FormatException($"'{text}' needs 1 ≤ K ≤ N");
        return new Fraction(k, n);
    }
}
