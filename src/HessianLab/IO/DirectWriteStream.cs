using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace HessianLab.IO;

/// <summary>Writes a new file with O_DIRECT (Linux): the bytes go to the disk without passing through the page cache.</summary>
/// <remarks>Why: page-cache pages are memory like any other, and on the VMs this project is measured on, memory the
/// guest touches for the first time costs ≈ 1–2 s per GB. Writing the talk's 512 MB Hessian measured 0.47 s with
/// O_DIRECT against 0.9–1.5 s buffered with fsync (dd, 8 MB blocks, 2026-11-30; docs/performance.md).
/// O_DIRECT needs block-aligned memory, offsets and sizes: writes are collected in an 8 MB buffer aligned to 4 KB; the
/// last block is padded with zeros and the file is then cut to its true length. <see cref="Complete"/> flushes to
/// disk (fsync). File systems without O_DIRECT (tmpfs on older kernels) make <see cref="TryCreate"/> return null.</remarks>
internal sealed unsafe partial class DirectWriteStream : WriteOnlyStream
{
    private const int Align = 4096;
    private const int BufferBytes = 8 << 20;
    private const int OWronly = 0x1, OCreat = 0x40, OExcl = 0x80, ODirect = 0x4000, OCloexec = 0x80000;   // <fcntl.h>, x86-64 and arm64
    private readonly FileStream _file;
    private byte* _buffer;
    private int _filled;
    private long _length;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    private DirectWriteStream(FileStream file) : base(file)
    {
        _file = file;
        _buffer = (byte*)NativeMemory.AlignedAlloc(BufferBytes, Align);
    }

    /// <summary>Creates <paramref name="path"/> (which must not exist) for direct writing, or returns null where the
    /// platform or file system has no O_DIRECT (nothing is left behind then).</summary>
    public static DirectWriteStream? TryCreate(string path)
    {
        if (!OperatingSystem.IsLinux() || !(RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64)) return null;
        int fd;
        try { fd = Open(path, OWronly | OCreat | OExcl | ODirect | OCloexec, Convert.ToInt32("644", 8)); }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { return null; }
        if (fd < 0)
        {
            if (File.Exists(path)) File.Delete(path);   // O_CREAT may have made it before O_DIRECT was refused
            return null;
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        return new DirectWriteStream(new FileStream(handle, FileAccess.Write, bufferSize: 0));
    }

    public override void Write(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            int n = Math.Min(data.Length, BufferBytes - _filled);
            data[..n].CopyTo(new Span<byte>(_buffer + _filled, n));
            _filled += n;
            _length += n;
            data = data[n..];
            if (_filled == BufferBytes) WriteBuffer(BufferBytes);
        }
    }

    /// <summary>Writes the last, zero-padded block, cuts the file to the bytes written and flushes it to disk.</summary>
    public void Complete()
    {
        if (_filled > 0)
        {
            int padded = (_filled + Align - 1) / Align * Align;
            new Span<byte>(_buffer + _filled, padded - _filled).Clear();
            WriteBuffer(padded);
        }
        _file.SetLength(_length);
        _file.Flush(flushToDisk: true);
    }

    private void WriteBuffer(int bytes)
    {
        _file.Write(new ReadOnlySpan<byte>(_buffer, bytes));
        _filled = 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (_buffer != null)
        {
            NativeMemory.AlignedFree(_buffer);
            _buffer = null;
        }
        if (disposing) _file.Dispose();
        base.Dispose(disposing);
    }
}
