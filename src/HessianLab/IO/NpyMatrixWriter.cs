using System.IO.MemoryMappedFiles;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.IO;

/// <summary>A float64 rows × cols .npy file (<see cref="Npy"/> format 1.0, C order) written band by band through a
/// memory-mapped file: the header is written first, the file sized to its final length, and each band of rows is
/// copied straight into its place, so a matrix larger than memory is assembled holding one band at a time.</summary>
/// <remarks>Bands are copied in pieces of <see cref="PieceElements"/> so the managed buffer stays small. Rows never
/// written stay zero. The file is complete once every band is written and the writer disposed (which flushes).</remarks>
public sealed class NpyMatrixWriter : IDisposable
{
    private const int PieceElements = 1 << 22;
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly long _dataOffset;
    private bool _disposed;

    /// <summary>Rows.</summary>
    public long Rows { get; }

    /// <summary>Columns.</summary>
    public long Columns { get; }

    /// <summary>Creates <paramref name="path"/> (replacing a file there) with its header and full length.</summary>
    /// <exception cref="ArgumentException">A non-positive dimension.</exception>
    public NpyMatrixWriter(string path, long rows, long cols)
    {
        if (rows <= 0 || cols <= 0) throw new ArgumentException($"a {rows}×{cols} matrix is empty", nameof(rows));
        (Rows, Columns) = (rows, cols);
        byte[] header = Npy.Header("<f8", new[] { rows, cols });
        _dataOffset = header.Length;
        using (var fs = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
        {
            fs.Write(header);
            fs.SetLength(checked(_dataOffset + rows * cols * 8));
        }
        _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.ReadWrite);
        _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.ReadWrite);
    }

    /// <summary>Bytes the file takes: header plus rows × cols × 8.</summary>
    public static long FileBytes(long rows, long cols) => Npy.Header("<f8", new[] { rows, cols }).Length + rows * cols * 8;

    /// <summary>Copies <paramref name="band"/> (k × cols, converted to float64) into rows [rowStart, rowStart + k).</summary>
    /// <exception cref="ArgumentException">The band does not fit the matrix.</exception>
    public void WriteRows(long rowStart, Tensor band)
    {
        if (band.dim() != 2 || band.shape[1] != Columns || rowStart < 0 || rowStart + band.shape[0] > Rows)
            throw new ArgumentException($"a band of shape [{string.Join(",", band.shape)}] at row {rowStart} does not fit the {Rows}×{Columns} matrix", nameof(band));
        using var scope = torch.NewDisposeScope();
        var flat = band.detach().to_type(ScalarType.Float64).cpu().contiguous().view(-1);
        long n = flat.numel(), pos = _dataOffset + rowStart * Columns * 8;
        for (long s = 0; s < n; s += PieceElements)
        {
            int len = (int)Math.Min(PieceElements, n - s);
            var piece = flat.narrow(0, s, len).data<double>().ToArray();
            _view.WriteArray(pos + s * 8, piece, 0, len);
        }
    }

    /// <summary>Flushes the mapped pages to the file and unmaps it.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _view.Flush();
        _view.Dispose();
        _map.Dispose();
    }
}
