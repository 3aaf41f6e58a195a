using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace HessianLab.IO;

/// <summary>Writes a new file with O_DIRECT (Linux): the bytes go to the disk without passing through the page cache.</summary>
/// <remarks>Why: page-cache pages are memory like any other, and on the VMs this project is measured on, memory the
/// guest touches for the first time costs ≈ 1–2 s per GB. Writing the talk's 512 MB Hessian measured 0.47 s with
/// O_DIRECT against 0.9–1.5 s buffered with fsync (dd, 8 MB blocks, 2026-11-30; docs/performance.md).
/// O_DIRECT needs block-aligned memory, offsets and sizes: writes are collected in 8 MB buffers aligned to 4 KB; the
/// last block is padded with zeros and the file is then cut to its true length. Two buffers take turns: while one goes
/// to the disk (a positioned write on a pool thread), the caller fills the other, so the copying and hashing upstream
/// overlap the disk instead of waiting for it (saving the talk's 512 MB Hessian: 0.745 s with one buffer, 0.65 s with
/// two, the disk alone 0.50 s). <see cref="Complete"/> flushes to disk (fsync). File systems without O_DIRECT (tmpfs on
/// older kernels) make <see cref="TryCreate"/> return null.</remarks>
internal sealed unsafe partial class DirectWriteStream : WriteOnlyStream
{
    private const int Align = 4096;
    private const int BufferBytes = 8 << 20;
    private const int OWronly = 0x1, OCreat = 0x40, OExcl = 0x80, ODirect = 0x4000, OCloexec = 0x80000;   // <fcntl.h>, x86-64 and arm64
    private readonly FileStream _file;
    private readonly byte*[] _buffers = new byte*[2];
    private int _current;                 // the buffer being filled
    private int _filled;
    private long _length;                 // bytes accepted so far
    private long _flushed;                // bytes handed to the disk (a multiple of the buffer size until Complete)
    private Task? _pending;               // the write of the other buffer, if one is in flight

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    private DirectWriteStream(FileStream file) : base(file)
    {
        _file = file;
        _buffers[0] = (byte*)NativeMemory.AlignedAlloc(BufferBytes, Align);
        _buffers[1] = (byte*)NativeMemory.AlignedAlloc(BufferBytes, Align);
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

    public override long Length => _length;

    public override long Position { get => _length; set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            int n = Math.Min(data.Length, BufferBytes - _filled);
            data[..n].CopyTo(new Span<byte>(_buffers[_current] + _filled, n));
            _filled += n;
            _length += n;
            data = data[n..];
            if (_filled == BufferBytes) Submit(BufferBytes);
        }
    }

    public override void Flush() { }   // data reaches the disk in whole buffers and at Complete

    /// <summary>Writes the last, zero-padded block, cuts the file to the bytes written and flushes it to disk.</summary>
    public void Complete()
    {
        if (_filled > 0)
        {
            int padded = (_filled + Align - 1) / Align * Align;
            new Span<byte>(_buffers[_current] + _filled, padded - _filled).Clear();
            Submit(padded);
        }
        WaitPending();
        _file.SetLength(_length);
        _file.Flush(flushToDisk: true);
    }

    /// <summary>Hands the current buffer (its first <paramref name="bytes"/>) to the disk and switches to the other one,
    /// after that one's write has finished.</summary>
    private void Submit(int bytes)
    {
        WaitPending();
        var handle = _file.SafeFileHandle;
        nint buffer = (nint)_buffers[_current];
        long offset = _flushed;
        _pending = Task.Run(() => RandomAccess.Write(handle, new ReadOnlySpan<byte>((void*)buffer, bytes), offset));
        _flushed += bytes;
        _current = 1 - _current;
        _filled = 0;
    }

    /// <summary>Waits for the write in flight (its error, if any, surfaces here).</summary>
    private void WaitPending()
    {
        var pending = _pending;
        _pending = null;
        pending?.GetAwaiter().GetResult();
    }

    protected override void Dispose(bool disposing)
    {
        // A buffer is freed only when no write can still be reading it (an error of that write was already reported,
        // or the stream is abandoned after another error).
        try { _pending?.Wait(); } catch (AggregateException) { }
        _pending = null;
        for (int i = 0; i < _buffers.Length; i++)
            if (_buffers[i] != null)
            {
                NativeMemory.AlignedFree(_buffers[i]);
                _buffers[i] = null;
            }
        if (disposing) _file.Dispose();
        base.Dispose(disposing);
    }
}
