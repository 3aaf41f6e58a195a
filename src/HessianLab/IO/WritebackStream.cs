using System.Runtime.InteropServices;

namespace HessianLab.IO;

/// <summary>A write-only file stream that asks the kernel to start writing each 32 MB to disk as soon as it is written
/// (Linux <c>sync_file_range(…, SYNC_FILE_RANGE_WRITE)</c>, which does not wait), so the final <c>fsync</c> of a large
/// file waits only for its last part instead of all of it: the disk works while the run goes on computing.</summary>
/// <remarks>Measured here: fsync of a 512 MB file after writing it costs about 1.7 s (≈ 300 MB/s); with writeback
/// started along the way the disk time overlaps the pictures and metrics computed alongside. Elsewhere (other
/// systems, or the call missing) it only passes the bytes on.</remarks>
internal sealed partial class WritebackStream(FileStream inner) : Stream
{
    private const long Step = 32L << 20;
    private const uint SyncFileRangeWrite = 2;
    private long _written, _scheduled;
    private bool _supported = OperatingSystem.IsLinux();

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(nint fd, long offset, long nbytes, uint flags);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        _written += buffer.Length;
        if (_supported && _written - _scheduled >= Step) StartWriteback();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    private void StartWriteback()
    {
        inner.Flush();   // hand FileStream's buffer to the kernel first
        try
        {
            if (SyncFileRange(inner.SafeFileHandle.DangerousGetHandle(), _scheduled, _written - _scheduled, SyncFileRangeWrite) != 0) _supported = false;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { _supported = false; }
        _scheduled = _written;
    }

    public override void Flush() => inner.Flush();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
