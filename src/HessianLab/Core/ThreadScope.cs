using TorchSharp;

namespace HessianLab.Core;

/// <summary>Sets libtorch's intra-op thread count for the lifetime of the scope and restores the previous count on
/// dispose, so a computation can use every core without changing the process-wide setting behind the caller's back.</summary>
/// <remarks>libtorch's count is process-global: computations on other threads during the scope see it too.</remarks>
public sealed class ThreadScope : IDisposable
{
    private readonly int _previous;
    private bool _disposed;

    /// <summary>Switches to <paramref name="threads"/> intra-op threads (no change when it is already that).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> below 1.</exception>
    public ThreadScope(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _previous = torch.get_num_threads();
        if (_previous != threads) torch.set_num_threads(threads);
    }

    /// <summary>Restores the previous thread count.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (torch.get_num_threads() != _previous) torch.set_num_threads(_previous);
    }
}
