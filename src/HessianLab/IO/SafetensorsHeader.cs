using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace HessianLab.IO;

/// <summary>The parsed and validated header of a safetensors file.</summary>
/// <remarks>Format (https://huggingface.co/docs/safetensors, "Format"): an unsigned 64-bit little-endian header size N,
/// N bytes of UTF-8 JSON (an object, possibly padded with trailing spaces) mapping each tensor name to
/// <c>{"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}</c> plus an optional <c>"__metadata__"</c>
/// string-to-string map, then the data buffer. Offsets are relative to the buffer; as the spec requires (it rules out
/// polyglot files), the tensors cover the whole buffer with neither holes nor overlaps. Every violation is an
/// <see cref="InvalidDataException"/> naming the file and the tensor.</remarks>
public sealed class SafetensorsHeader
{
    /// <summary>Largest header accepted (the reference implementation's limit, 100 MB).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>The tensors, in data-buffer order.</summary>
    public IReadOnlyList<SafetensorsEntry> Entries { get; }

    /// <summary>The <c>__metadata__</c> map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>File offset of the data buffer: 8 + N.</summary>
    public long DataStart { get; }

    private SafetensorsHeader(IReadOnlyList<SafetensorsEntry> entries, IReadOnlyDictionary<string, string> metadata, long dataStart)
    {
        Entries = entries;
        Metadata = metadata;
        DataStart = dataStart;
    }

    /// <summary>Reads and validates the header of the safetensors file open in <paramref name="stream"/> (seekable, at 0).</summary>
    /// <param name="stream">The whole file.</param>
    /// <param name="source">Name used in error messages (the path).</param>
    public static SafetensorsHeader Read(Stream stream, string source)
    {
        long fileLength = stream.Length;
        if (fileLength < 8) throw Bad(source, $"{fileLength} bytes, too short for the 8-byte header length");
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (n > MaxHeaderBytes) throw Bad(source, $"header length {n} exceeds the limit of {MaxHeaderBytes} bytes");
        if ((long)n > fileLength - 8) throw Bad(source, $"header length {n} exceeds the {fileLength - 8} bytes after the length field");
        var json = new byte[n];
        stream.ReadExactly(json);
        return Parse(json, fileLength - 8 - (long)n, source, 8 + (long)n);
    }

    private static SafetensorsHeader Parse(byte[] json, long bufferLength, string source, long dataStart)
    {
        if (json.Length == 0 || json[0] != (byte)'{') throw Bad(source, "the header does not start with '{'");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw Bad(source, $"the header is not valid JSON ({e.Message})"); }
        using var _ = doc;
        var entries = new List<SafetensorsEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var prop in doc.RootElement.EnumerateObject())
        {
            if (!seen.Add(prop.Name)) throw Bad(source, $"tensor '{prop.Name}' appears twice in the header");
            if (prop.Name == "__metadata__") ReadMetadata(prop.Value, metadata, source);
            else entries.Add(ReadEntry(prop.Name, prop.Value, source));
        }
        return new SafetensorsHeader(CheckCoverage(entries, bufferLength, source), metadata, dataStart);
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string source)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Bad(source, "__metadata__ is not an object");
        foreach (var m in value.EnumerateObject())
        {
            if (m.Value.ValueKind != JsonValueKind.String) throw Bad(source, $"__metadata__ value of '{m.Name}' is not a string");
            metadata[m.Name] = m.Value.GetString()!;
        }
    }

    private static SafetensorsEntry ReadEntry(string name, JsonElement value, string source)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Bad(source, $"tensor '{name}' is not an object");
        if (!value.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String)
            throw Bad(source, $"tensor '{name}' has no string 'dtype'");
        string dtype = dt.GetString()!;
        int size = SafetensorsEntry.ElementSize(dtype) ?? throw Bad(source, $"tensor '{name}' has unknown dtype '{dtype}'");
        long[] shape = Integers(value, "shape", name, source);
        long[] offsets = Integers(value, "data_offsets", name, source);
        if (offsets.Length != 2) throw Bad(source, $"tensor '{name}': data_offsets has {offsets.Length} values, expected [begin, end]");
        if (offsets[1] < offsets[0]) throw Bad(source, $"tensor '{name}': data_offsets [{offsets[0]}, {offsets[1]}] end before begin");
        var entry = new SafetensorsEntry(name, dtype, shape, offsets[0], offsets[1]);
        long expected;
        try { expected = checked(entry.ElementCount * size); }
        catch (OverflowException) { throw Bad(source, $"tensor '{name}': shape [{string.Join(",", shape)}] is too large"); }
        if (offsets[1] - offsets[0] != expected)
            throw Bad(source, $"tensor '{name}': {dtype} shape [{string.Join(",", shape)}] needs {expected} bytes, data_offsets span {offsets[1] - offsets[0]}");
        return entry;
    }

    private static long[] Integers(JsonElement value, string key, string name, string source)
    {
        if (!value.TryGetProperty(key, out var arr) || arr.ValueKind != JsonValueKind.Array)
            throw Bad(source, $"tensor '{name}' has no array '{key}'");
        var result = new long[arr.GetArrayLength()];
        int i = 0;
        foreach (var x in arr.EnumerateArray())
        {
            if (x.ValueKind != JsonValueKind.Number || !x.TryGetInt64(out long v) || v < 0)
                throw Bad(source, $"tensor '{name}': '{key}' holds {x.GetRawText()}, not a non-negative integer");
            result[i++] = v;
        }
        return result;
    }

    /// <summary>Sorted by begin, the ranges must tile [0, bufferLength) exactly.</summary>
    private static List<SafetensorsEntry> CheckCoverage(List<SafetensorsEntry> entries, long bufferLength, string source)
    {
        var sorted = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        long position = 0;
        string? previous = null;
        foreach (var e in sorted)
        {
            if (e.End > bufferLength)
                throw Bad(source, $"tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}] out of range (data buffer has {bufferLength} bytes)");
            if (e.Begin < position) throw Bad(source, $"tensors '{previous}' and '{e.Name}' overlap (byte {e.Begin} < {position})");
            if (e.Begin > position) throw Bad(source, $"bytes [{position}, {e.Begin}) of the data buffer belong to no tensor (before '{e.Name}')");
            position = e.End;
            previous = e.Name;
        }
        if (position != bufferLength) throw Bad(source, $"the data buffer has {bufferLength} bytes but the tensors cover {position}");
        return sorted;
    }

    private static InvalidDataException Bad(string source, string message) => new($"{source}: not a valid safetensors file: {message}");
}
