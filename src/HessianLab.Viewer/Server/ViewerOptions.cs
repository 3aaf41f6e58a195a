using HessianLab.Viewer.Matrix;

namespace HessianLab.Viewer.Server;

/// <summary>What the viewer serves and how.</summary>
/// <param name="Folder">Result folder (must hold the matrix).</param>
/// <param name="Matrix">The .npy file, relative to <paramref name="Folder"/>; null: hessian.npy, else the folder's
/// only 2-D .npy file.</param>
/// <param name="Port">TCP port on 127.0.0.1; 0 (default) picks a free one.</param>
/// <param name="Pooling">Pooling shown first (the page can switch).</param>
/// <param name="TileCacheBytes">Bound on the encoded-tile cache (default 64 MB).</param>
/// <param name="PyramidBytes">Memory for the pooled levels kept (default 96 MB; finer levels are pooled per tile).</param>
public sealed record ViewerOptions(string Folder, string? Matrix = null, int Port = 0, Pooling Pooling = Pooling.Max,
    long TileCacheBytes = 64L << 20, long PyramidBytes = 96L << 20)
{
    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">Port outside [0, 65535], a negative memory bound.</exception>
    public ViewerOptions Validated()
    {
        if (Port is < 0 or > 65535) throw new ArgumentException($"Port must be in [0, 65535], got {Port}", nameof(Port));
        if (TileCacheBytes < 0) throw new ArgumentException($"TileCacheBytes must be ≥ 0, got {TileCacheBytes}", nameof(TileCacheBytes));
        if (PyramidBytes < 0) throw new ArgumentException($"PyramidBytes must be ≥ 0, got {PyramidBytes}", nameof(PyramidBytes));
        return this;
    }
}
