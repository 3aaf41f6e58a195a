namespace HessianLab.IO;

/// <summary>One tensor of a safetensors header: its name, dtype code, shape and byte range in the data buffer.</summary>
/// <param name="Name">Tensor name, e.g. "h.0.attn.c_attn.weight".</param>
/// <param name="DType">The spec's dtype code: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL.</param>
/// <param name="Shape">Dimensions (empty for a scalar).</param>
/// <param name="Begin">First byte, relative to the start of the data buffer (after the header).</param>
/// <param name="End">One past the last byte; End − Begin = element count × element size.</param>
public sealed record SafetensorsEntry(string Name, string DType, IReadOnlyList<long> Shape, long Begin, long End)
{
    /// <summary>Number of elements (1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => checked(a * b));

    /// <summary>Bytes per element of <paramref name="dtype"/>, or null for a code this reader does not know.</summary>
    public static int? ElementSize(string dtype) => dtype switch
    {
        "F64" or "I64" or "U64" => 8,
        "F32" or "I32" or "U32" => 4,
        "F16" or "BF16" or "I16" or "U16" => 2,
        "I8" or "U8" or "BOOL" => 1,
        _ => null,
    };
}
