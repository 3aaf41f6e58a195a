using System.Diagnostics;
using System.Text.Json;
using HessianLab.Viewer.Matrix;
using HessianLab.Viewer.Rendering;

namespace HessianLab.Viewer.Server;

/// <summary>Everything the viewer shows of one result folder: the mapped matrix, its pyramid, the tile cache,
/// θ names, the run's config.json and metrics.json, and request counters.</summary>
public sealed class ViewerSession : IDisposable
{
    private readonly long[] _tilesPerLevel;

    /// <summary>The result folder.</summary>
    public ServedFolder Folder { get; }

    /// <summary>The mapped matrix.</summary>
    public NpyMatrix Matrix { get; }

    /// <summary>Pooled zoom levels.</summary>
    public MatrixPyramid Pyramid { get; }

    /// <summary>PNG tile renderer.</summary>
    public TileRenderer Renderer { get; }

    /// <summary>Encoded tiles.</summary>
    public TileCache Cache { get; }

    /// <summary>θ index → parameter name.</summary>
    public ThetaNames Names { get; }

    /// <summary>config.json of the folder, if any.</summary>
    public JsonElement? Config { get; }

    /// <summary>metrics.json of the folder, if any.</summary>
    public JsonElement? Metrics { get; }

    /// <summary>Seconds spent building the pyramid.</summary>
    public double PyramidSeconds { get; }

    /// <summary>The options used.</summary>
    public ViewerOptions Options { get; }

    /// <summary>Opens the folder, maps the matrix and builds the pyramid.</summary>
    /// <exception cref="FileNotFoundException">No matrix file can be chosen.</exception>
    public ViewerSession(ViewerOptions options)
    {
        Options = options.Validated();
        Folder = new ServedFolder(options.Folder);
        Matrix = new NpyMatrix(ChooseMatrix(Folder, options.Matrix));
        try
        {
            var sw = Stopwatch.StartNew();
            Pyramid = new MatrixPyramid(Matrix, options.PyramidBytes);
            PyramidSeconds = sw.Elapsed.TotalSeconds;
            Renderer = new TileRenderer(Pyramid);
            Cache = new TileCache(options.TileCacheBytes);
            Config = ReadJson(Folder.Resolve("config.json"));
            Metrics = ReadJson(Folder.Resolve("metrics.json"));
            Names = Matrix.Rows == Matrix.Cols ? ThetaNames.FromConfig(Config, Matrix.Rows) : new ThetaNames([]);
            _tilesPerLevel = new long[Pyramid.MaxLevel + 1];
        }
        catch
        {
            Matrix.Dispose();
            throw;
        }
    }

    /// <summary>The matrix file's path relative to the folder.</summary>
    public string MatrixName => Path.GetRelativePath(Folder.Root, Matrix.Path).Replace('\\', '/');

    /// <summary>A tile, from the cache or rendered, counted per level.</summary>
    public byte[] Tile(TileRequest t)
    {
        Interlocked.Increment(ref _tilesPerLevel[t.Level]);
        return Cache.GetOrAdd(t, Renderer.Render);
    }

    /// <summary>Tiles served per level so far.</summary>
    public long[] TilesPerLevel() => _tilesPerLevel.Select(x => Interlocked.Read(ref x)).ToArray();

    /// <summary>Unmaps the matrix.</summary>
    public void Dispose() => Matrix.Dispose();

    /// <summary>hessian.npy, the named file, or the folder's only 2-D .npy file.</summary>
    public static string ChooseMatrix(ServedFolder folder, string? name)
    {
        if (name is not null)
            return folder.Resolve(name.Replace('\\', '/')) ?? throw new FileNotFoundException($"matrix '{name}' is not a file inside {folder.Root}");
        if (folder.Resolve("hessian.npy") is { } h) return h;
        var candidates = Directory.EnumerateFiles(folder.Root, "*.npy")
            .Where(p => { try { return NpyMatrix.ReadHeader(p).Shape.Length == 2; } catch (InvalidDataException) { return false; } })
            .ToList();
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new FileNotFoundException($"{folder.Root} holds no hessian.npy and no 2-D .npy matrix"),
            _ => throw new FileNotFoundException($"{folder.Root} holds several matrices ({string.Join(", ", candidates.Select(Path.GetFileName))}); choose one"),
        };
    }

    private static JsonElement? ReadJson(string? path)
    {
        if (path is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.Clone();
        }
        catch (JsonException) { return null; }
    }
}
