using System.IO.MemoryMappedFiles;
using System.Text;
using System.Text.RegularExpressions;

namespace HessianLab.Viewer.Matrix;

/// <summary>A 2-D float64 or float32 .npy matrix (C order, little-endian) read through a read-only memory map:
/// entries are read in place, the file is never copied into managed memory.</summary>
/// <remarks>NPY format 1.0/2.0: magic "\x93NUMPY", version, header length (u16 in 1.0, u32 in 2.0), a Python-dict
/// header, then the raw data (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
/// Entry (i, j) is at byte <c>dataOffset + (i·Cols + j)·itemSize</c>.</remarks>
public sealed unsafe partial class NpyMatrix : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _data;
    private bool _disposed;

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Cols { get; }

    /// <summary>True for float32 ('&lt;f4'), false for float64 ('&lt;f8').</summary>
    public bool IsFloat32 { get; }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>Maps <paramref name="path"/> read-only.</summary>
    /// <exception cref="InvalidDataException">Not a 2-D float64/float32 C-order .npy, or truncated.</exception>
    public NpyMatrix(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        var (descr, fortran, shape, dataOffset) = ReadHeader(Path);
        if (descr is not ("<f8" or "<f4")) throw new InvalidDataException($"{path}: dtype '{descr}' is not supported (float64 '<f8' or float32 '<f4')");
        if (fortran) throw new InvalidDataException($"{path}: Fortran order is not supported (save it in C order)");
        if (shape.Length != 2 || shape[0] <= 0 || shape[1] <= 0) throw new InvalidDataException($"{path}: a 2-D matrix is needed, shape is ({string.Join(", ", shape)})");
        if (shape[0] > int.MaxValue || shape[1] > int.MaxValue) throw new InvalidDataException($"{path}: shape too large");
        Rows = (int)shape[0];
        Cols = (int)shape[1];
        IsFloat32 = descr == "<f4";
        long bytes = dataOffset + (long)Rows * Cols * (IsFloat32 ? 4 : 8);
        long length = new FileInfo(Path).Length;
        if (length < bytes) throw new InvalidDataException($"{path}: truncated ({length} bytes, {bytes} needed)");
        _file = MemoryMappedFile.CreateFromFile(Path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _file.CreateViewAccessor(0, bytes, MemoryMappedFileAccess.Read);
        byte* p = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _data = p + _view.PointerOffset + dataOffset;
    }

    /// <summary>Entry (row, col) as a double.</summary>
    public double this[int row, int col]
    {
        get
        {
            if ((uint)row >= (uint)Rows || (uint)col >= (uint)Cols) throw new ArgumentOutOfRangeException(nameof(row), $"({row}, {col}) is outside {Rows}×{Cols}");
            ObjectDisposedException.ThrowIf(_disposed, this);
            long k = (long)row * Cols + col;
            return IsFloat32 ? ((float*)_data)[k] : ((double*)_data)[k];
        }
    }

    /// <summary>Copies entries [col, col + dest.Length) of one row into <paramref name="dest"/>.</summary>
    public void ReadRow(int row, int col, Span<double> dest)
    {
        if ((uint)row >= (uint)Rows || col < 0 || col + dest.Length > Cols) throw new ArgumentOutOfRangeException(nameof(row));
        ObjectDisposedException.ThrowIf(_disposed, this);
        long k = (long)row * Cols + col;
        if (IsFloat32)
        {
            var src = new ReadOnlySpan<float>((float*)_data + k, dest.Length);
            for (int t = 0; t < src.Length; t++) dest[t] = src[t];
        }
        else new ReadOnlySpan<double>((double*)_data + k, dest.Length).CopyTo(dest);
    }

    /// <summary>Unmaps the file.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }

    /// <summary>Reads dtype, order, shape and the data offset of a .npy file without reading its data.</summary>
    public static (string Descr, bool Fortran, long[] Shape, long DataOffset) ReadHeader(string path)
    {
        using var s = File.OpenRead(path);
        var head = new byte[12];
        if (s.Read(head, 0, 10) != 10 || head[0] != 0x93 || Encoding.ASCII.GetString(head, 1, 5) != "NUMPY")
            throw new InvalidDataException($"{path}: not a .npy file");
        int major = head[6];
        long len;
        int prefix;
        if (major == 1) { len = head[8] | (head[9] << 8); prefix = 10; }
        else if (major is 2 or 3)
        {
            if (s.Read(head, 10, 2) != 2) throw new InvalidDataException($"{path}: truncated header");
            len = BitConverter.ToUInt32(head, 8);
            prefix = 12;
        }
        else throw new InvalidDataException($"{path}: .npy version {major} is not supported");
        if (len > 1 << 20) throw new InvalidDataException($"{path}: header too long");
        var text = new byte[len];
        s.ReadExactly(text);
        string dict = Encoding.ASCII.GetString(text);
        var descr = DescrRegex().Match(dict);
        var fortran = FortranRegex().Match(dict);
        var shape = ShapeRegex().Match(dict);
        if (!descr.Success || !fortran.Success || !shape.Success) throw new InvalidDataException($"{path}: malformed header {dict.Trim()}");
        long[] dims = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => long.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (descr.Groups[1].Value, fortran.Groups[1].Value == "True", dims, prefix + len);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrRegex();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranRegex();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeRegex();
}
