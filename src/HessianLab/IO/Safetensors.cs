using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.IO;

/// <summary>Reads and writes safetensors files (the Hugging Face checkpoint format), written to the spec.</summary>
/// <remarks>Layout: u64 little-endian header length N, N bytes of JSON, then the raw little-endian, C-order data
/// (see <see cref="SafetensorsHeader"/>). Reading: F64, F32, I64 keep their dtype; F16 and BF16 are converted to
/// float32 (libtorch's half and bfloat16 conversions, exact). Writing: F64, F32, I64, with the tensors in name
/// order and the header padded with spaces to a multiple of 8 bytes so that every tensor starts 8-byte aligned.
/// https://huggingface.co/docs/safetensors/index#format</remarks>
public static class Safetensors
{
    /// <summary>Reads only the header of <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">Malformed file (the message names the file and the fault).</exception>
    public static SafetensorsHeader ReadHeader(string path)
    {
        using var fs = File.OpenRead(path);
        return SafetensorsHeader.Read(fs, path);
    }

    /// <summary>Reads every tensor of <paramref name="path"/> into CPU tensors, keyed by name.</summary>
    /// <exception cref="InvalidDataException">Malformed file.</exception>
    /// <exception cref="NotSupportedException">A dtype other than F64, F32, F16, BF16, I64.</exception>
    public static SafetensorsContent Load(string path)
    {
        if (!BitConverter.IsLittleEndian) throw new NotSupportedException("safetensors reading needs a little-endian machine");
        using var fs = File.OpenRead(path);
        var header = SafetensorsHeader.Read(fs, path);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var e in header.Entries)
            {
                fs.Position = header.DataStart + e.Begin;
                tensors[e.Name] = ReadTensor(fs, e, path);
            }
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
        return new SafetensorsContent(tensors, header.Metadata);
    }

    private static Tensor ReadTensor(Stream s, SafetensorsEntry e, string path)
    {
        var stored = e.DType switch
        {
            "F64" => ScalarType.Float64,
            "F32" => ScalarType.Float32,
            "F16" => ScalarType.Float16,
            "BF16" => ScalarType.BFloat16,
            "I64" => ScalarType.Int64,
            _ => throw new NotSupportedException($"{path}: tensor '{e.Name}' has dtype {e.DType}; supported: F64, F32, F16, BF16, I64"),
        };
        var t = torch.empty(e.Shape.ToArray(), stored);
        if (e.End > e.Begin) s.ReadExactly(t.bytes);
        if (stored is ScalarType.Float16 or ScalarType.BFloat16)
        {
            var converted = t.to_type(ScalarType.Float32);
            t.Dispose();
            return converted;
        }
        return t;
    }

    /// <summary>Writes <paramref name="tensors"/> (moved to CPU, made contiguous) and optional metadata, atomically.</summary>
    /// <exception cref="ArgumentException">A name that is empty or "__metadata__".</exception>
    /// <exception cref="NotSupportedException">A dtype other than float64, float32, int64.</exception>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (!BitConverter.IsLittleEndian) throw new NotSupportedException("safetensors writing needs a little-endian machine");
        var names = tensors.Keys.OrderBy(n => n, StringComparer.Ordinal).ToList();
        foreach (var n in names)
            if (n.Length == 0 || n == "__metadata__") throw new ArgumentException($"tensor name '{n}' is not allowed", nameof(tensors));
        var cpu = names.Select(n => tensors[n].detach().cpu().contiguous()).ToList();
        try
        {
            byte[] header = Header(names, cpu, metadata);
            AtomicFile.Write(path, s =>
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                s.Write(length);
                s.Write(header);
                foreach (var t in cpu) if (t.numel() > 0) s.Write(t.bytes);
            });
        }
        finally
        {
            foreach (var t in cpu) t.Dispose();
        }
    }

    private static byte[] Header(List<string> names, List<Tensor> cpu, IReadOnlyDictionary<string, string>? metadata)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject("__metadata__");
                foreach (var (k, v) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)) w.WriteString(k, v);
                w.WriteEndObject();
            }
            long offset = 0;
            for (int i = 0; i < names.Count; i++)
            {
                var t = cpu[i];
                string code = t.dtype switch
                {
                    ScalarType.Float64 => "F64",
                    ScalarType.Float32 => "F32",
                    ScalarType.Int64 => "I64",
                    _ => throw new NotSupportedException($"safetensors: tensor '{names[i]}' has dtype {t.dtype}; writable: float64, float32, int64"),
                };
                long bytes = t.numel() * t.ElementSize;
                w.WriteStartObject(names[i]);
                w.WriteString("dtype", code);
                w.WriteStartArray("shape");
                foreach (long d in t.shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + bytes);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += bytes;
            }
            w.WriteEndObject();
        }
        int pad = (int)((8 - ms.Length % 8) % 8);
        for (int i = 0; i < pad; i++) ms.WriteByte((byte)' ');
        return ms.ToArray();
    }
}
