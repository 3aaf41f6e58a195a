using System.Buffers.Binary;
using System.IO.Compression;

namespace HessianLab.Viewer.Rendering;

/// <summary>A minimal PNG writer: 8-bit RGB, no interlace, filter 0 on every row, one zlib IDAT chunk.</summary>
/// <remarks>PNG specification (W3C, 2nd ed.): signature, IHDR (width, height, depth 8, colour type 2), IDAT
/// (zlib stream of rows each prefixed by its filter byte), IEND; every chunk is length, type, data, CRC-32
/// (polynomial 0xEDB88320) over type and data.</remarks>
public static class PngEncoder
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Encodes <paramref name="rgb"/> (row-major, 3 bytes per pixel) as a PNG file.</summary>
    public static byte[] EncodeRgb(ReadOnlySpan<byte> rgb, int width, int height, CompressionLevel level = CompressionLevel.Fastest)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"image must be at least 1×1, got {width}×{height}");
        if (rgb.Length != 3L * width * height) throw new ArgumentException($"expected {3L * width * height} bytes, got {rgb.Length}", nameof(rgb));
        var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, level, leaveOpen: true))
            for (int y = 0; y < height; y++)
            {
                z.WriteByte(0);
                z.Write(rgb.Slice(3 * width * y, 3 * width));
            }
        var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; ihdr[9] = 2; // depth 8, truecolour RGB; compression, filter, interlace all 0
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", raw.GetBuffer().AsSpan(0, (int)raw.Length));
        Chunk(png, "IEND", ReadOnlySpan<byte>.Empty);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> head = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(head, data.Length);
        for (int k = 0; k < 4; k++) head[4 + k] = (byte)type[k];
        s.Write(head);
        s.Write(data);
        uint crc = Update(Update(0xFFFFFFFFu, head[4..]), data) ^ 0xFFFFFFFFu;
        Span<byte> tail = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(tail, crc);
        s.Write(tail);
    }

    /// <summary>CRC-32 register update (reflected, polynomial 0xEDB88320).</summary>
    internal static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var t = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }
}
