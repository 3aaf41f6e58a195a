namespace HessianLab.IO;

/// <summary>A forward-only, write-only stream over an inner stream: the members a writer never uses, once.</summary>
internal abstract class WriteOnlyStream(Stream inner) : Stream
{
    /// <summary>The stream written to.</summary>
    protected Stream Inner => inner;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

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
