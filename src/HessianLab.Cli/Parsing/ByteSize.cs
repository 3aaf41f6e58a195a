using System.ComponentModel;

namespace HessianLab.Cli.Parsing;

/// <summary>A size option's value in bytes ("2GB", "512MB"; a plain number is GB).</summary>
[TypeConverter(typeof(ByteSizeConverter))]
public sealed record ByteSize(long Bytes)
{
    public override string ToString() => HessianLab.Core.MemoryGuard.Format(Bytes);
}
