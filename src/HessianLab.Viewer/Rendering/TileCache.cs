namespace HessianLab.Viewer.Rendering;

/// <summary>A thread-safe least-recently-used cache of encoded tiles bounded by total bytes.</summary>
public sealed class TileCache(long capacityBytes)
{
    private readonly object _gate = new();
    private readonly Dictionary<TileRequest, LinkedListNode<(TileRequest Key, byte[] Png)>> _map = new();
    private readonly LinkedList<(TileRequest Key, byte[] Png)> _order = new();

    /// <summary>Upper bound on the bytes held.</summary>
    public long CapacityBytes { get; } = capacityBytes >= 0 ? capacityBytes : throw new ArgumentOutOfRangeException(nameof(capacityBytes));

    /// <summary>Bytes held now (≤ <see cref="CapacityBytes"/>).</summary>
    public long Bytes { get; private set; }

    /// <summary>Number of tiles held.</summary>
    public int Count { get { lock (_gate) return _map.Count; } }

    /// <summary>Hits and misses so far.</summary>
    public (long Hits, long Misses) Stats { get { lock (_gate) return (_hits, _misses); } }

    private long _hits, _misses;

    /// <summary>The cached tile, or a freshly rendered one (added, evicting the least recently used).</summary>
    public byte[] GetOrAdd(TileRequest key, Func<TileRequest, byte[]> render)
    {
        lock (_gate)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                _hits++;
                return node.Value.Png;
            }
            _misses++;
        }
        byte[] png = render(key); // outside the lock: tiles render in parallel
        lock (_gate)
        {
            if (png.Length > CapacityBytes || _map.ContainsKey(key)) return png;
            _map[key] = _order.AddFirst((key, png));
            Bytes += png.Length;
            while (Bytes > CapacityBytes)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _map.Remove(last.Value.Key);
                Bytes -= last.Value.Png.Length;
            }
        }
        return png;
    }
}
