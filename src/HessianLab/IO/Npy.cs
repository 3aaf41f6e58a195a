using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.IO;

/// <summary>NumPy .npy files, format 1.0, little-endian, C order: float64 ('&lt;f8'), float32 ('&lt;f4'), int64 ('&lt;i8').</summary>
/// <remarks>Format: magic "\x93NUMPY", version 1.0, u16 header length, a Python-dict header padded with
/// spaces and a newline so that data starts at a multiple of 64 bytes, then raw data.
/// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html</remarks>
public static partial class Npy
{
    private static readonly byte[] Magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

    /// <summary>Tensors of at least this many bytes are written around the page cache (<see cref="DirectWriteStream"/>).</summary>
    internal const long DirectWriteBytes = 64L << 20;

    /// <summary>Writes a tensor (moved to CPU, made contiguous) atomically.</summary>
    /// <exception cref="NotSupportedException">dtype other than float64, float32, int64.</exception>
    public static void Save(string path, Tensor tensor)
    {
        using var t = tensor.detach().cpu().contiguous();
        string descr = t.dtype switch
        {
            ScalarType.Float64 => "<f8",
            ScalarType.Float32 => "<f4",
            ScalarType.Int64 => "<i8",
            _ => throw new NotSupportedException($"NPY: dtype {t.dtype} is not supported (float64, float32, int64)"),
        };
        byte[] header = Header(descr, t.shape);
        string name = "write:" + Path.GetFileName(path);
        AtomicFile.Write(path, s =>
        {
            s.Write(header);
            WriteData(s, t, () => FaultPoint.Hit(name));
        }, direct: t.numel() * t.element_size() >= DirectWriteBytes);
    }

    /// <summary>Builds the magic + version + length + padded header dict.</summary>
    internal static byte[] Header(string descr, long[] shape)
    {
        string shapeText = shape.Length switch
        {
            0 => "()",
            1 => $"({shape[0]},)",
            _ => "(" + string.Join(", ", shape) + ")",
        };
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        int unpadded = Magic.Length + 2 + 2 + dict.Length + 1;
        int pad = (64 - unpadded % 64) % 64;
        string text = dict + new string(' ', pad) + "\n";
        var bytes = new byte[Magic.Length + 4 + text.Length];
        Magic.CopyTo(bytes, 0);
        bytes[6] = 1; bytes[7] = 0;
        bytes[8] = (byte)(text.Length & 0xFF); bytes[9] = (byte)(text.Length >> 8);
        Encoding.ASCII.GetBytes(text).CopyTo(bytes, 10);
        return bytes;
    }

    private static void WriteData(Stream s, Tensor t, Action halfWay)
    {
        // Straight from the tensor's memory (Tensor.bytes spans native memory) in slices of 1M elements: no managed
        // copy of the (up to GB-sized) matrix.
        long n = t.numel();
        using var flat = t.reshape(-1);
        const long chunk = 1 << 20;
        for (long start = 0; start < n; start += chunk)
        {
            long len = Math.Min(chunk, n - start);
            if (start <= n / 2 && n / 2 < start + len) halfWay();
            using var part = flat.narrow(0, start, len);
            s.Write(part.bytes);
        }
        if (n == 0) halfWay();
    }

    /// <summary>Reads a .npy file into a CPU tensor.</summary>
    /// <exception cref="InvalidDataException">Not an NPY 1.0 file of a supported dtype, or Fortran order, or truncated.</exception>
    public static Tensor Load(string path)
    {
        using var fs = File.OpenRead(path);
        var pre = new byte[10];
        if (fs.Read(pre, 0, 10) != 10 || !pre.AsSpan(0, 6).SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not an .npy file");
        if (pre[6] != 1) throw new InvalidDataException($"{path}: NPY version {pre[6]}.{pre[7]} not supported (1.0 only)");
        int hlen = pre[8] | pre[9] << 8;
        var hb = new byte[hlen];
        if (fs.Read(hb, 0, hlen) != hlen) throw new InvalidDataException($"{path}: truncated header");
        string header = Encoding.ASCII.GetString(hb);
        var descr = DescrRegex().Match(header);
        var shapeMatch = ShapeRegex().Match(header);
        if (!descr.Success || !shapeMatch.Success) throw new InvalidDataException($"{path}: malformed header {header.Trim()}");
        if (header.Contains("'fortran_order': True")) throw new InvalidDataException($"{path}: Fortran order not supported");
        long[] shape = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        long count = shape.Aggregate(1L, (a, b) => a * b);
        (ScalarType dtype, int size) = descr.Groups[1].Value switch
        {
            "<f8" => (ScalarType.Float64, 8),
            "<f4" => (ScalarType.Float32, 4),
            "<i8" => (ScalarType.Int64, 8),
            var d => throw new InvalidDataException($"{path}: dtype '{d}' not supported (<f8, <f4, <i8)"),
        };
        var data = new byte[checked(count * size)];
        int read = 0;
        while (read < data.Length)
        {
            int r = fs.Read(data, read, data.Length - read);
            if (r == 0) throw new InvalidDataException($"{path}: truncated data ({read} of {data.Length} bytes)");
            read += r;
        }
        Tensor t = dtype switch
        {
            ScalarType.Float64 => torch.tensor(MemoryMarshal.Cast<byte, double>(data).ToArray()),
            ScalarType.Float32 => torch.tensor(MemoryMarshal.Cast<byte, float>(data).ToArray()),
            _ => torch.tensor(MemoryMarshal.Cast<byte, long>(data).ToArray()),
        };
        return t.reshape(shape);
    }

    [GeneratedRegex(@"'descr':\s*'([^']*)'")]
    private static partial Regex DescrRegex();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapeRegex();
}
