using System.Runtime.InteropServices;

namespace HessianLab.IO;

/// <summary>A write-only file stream that asks the kernel to start writing each 32 MB to disk as soon as it is written
/// (Linux <c>sync_file_range(…, SYNC_FILE_RANGE_WRITE)</c>, which does not wait), so the final <c>fsync</c> of a large
/// file waits only for its last part instead of all of it: the disk works while the run goes on computing.</summary>
/// <remarks>Measured here: fsync of a 512 MB file after writing it costs about 1.7 s (≈ 300 MB/s); with writeback
/// started along the way the disk time overlaps the pictures and metrics computed alongside. Elsewhere (other
/// systems, or the call missing) it only passes the bytes on.</remarks>
internal sealed partial class WritebackStream(FileStream inner) : WriteOnlyStream(inner)
{
    private const long Step = 32L << 20;
    private const uint SyncFileRangeWrite = 2;
    private readonly FileStream _file = inner;
    private long _written, _scheduled;
    private bool _supported = OperatingSystem.IsLinux();

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(nint fd, long offset, long nbytes, uint flags);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _file.Write(buffer);
        _written += buffer.Length;
        if (_supported && _written - _scheduled >= Step) StartWriteback();
    }

    private void StartWriteback()
    {
        _file.Flush();   // hand FileStream's buffer to the kernel first
        try
        {
            if (SyncFileRange(_file.SafeFileHandle.DangerousGetHandle(), _scheduled, _written - _scheduled, SyncFileRangeWrite) != 0) _supported = false;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { _supported = false; }
        _scheduled = _written;
    }
}
