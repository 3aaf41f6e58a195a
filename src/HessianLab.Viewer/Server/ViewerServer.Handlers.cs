using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HessianLab.Viewer.Rendering;
using Microsoft.AspNetCore.Http;

namespace HessianLab.Viewer.Server;

public sealed partial class ViewerServer
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static Task Asset(HttpContext ctx, string? path)
    {
        var bytes = path is null ? null : StaticAssets.Read(path);
        if (bytes is null) return NotFound(ctx);
        return Send(ctx, bytes, StaticAssets.ContentType(path!));
    }

    private static Task FileInFolder(HttpContext ctx, ViewerSession s)
    {
        string? full = s.Folder.Resolve((string?)ctx.Request.RouteValues["path"]);
        if (full is null) return BadRequest(ctx, "not a file of the result folder");
        ctx.Response.ContentType = StaticAssets.ContentType(full);
        return ctx.Response.SendFileAsync(full, ctx.RequestAborted);
    }

    private static Task Tile(HttpContext ctx, ViewerSession s)
    {
        var (tile, error) = TileQuery.Parse((string?)ctx.Request.RouteValues["rest"], ctx.Request.Query, s.Options.Pooling);
        if (tile is null) return BadRequest(ctx, error!);
        if (!s.Renderer.Exists(tile.Level, tile.X, tile.Y))
            return BadRequest(ctx, $"no tile {tile.X},{tile.Y} at level {tile.Level} (levels 0…{s.Pyramid.MaxLevel})");
        ctx.Response.Headers.CacheControl = "no-cache";
        return Send(ctx, s.Tile(tile), "image/png");
    }

    private static Task Entry(HttpContext ctx, ViewerSession s)
    {
        if (!int.TryParse(ctx.Request.Query["i"], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            || !int.TryParse(ctx.Request.Query["j"], NumberStyles.None, CultureInfo.InvariantCulture, out int j)
            || i >= s.Matrix.Rows || j >= s.Matrix.Cols)
            return BadRequest(ctx, $"i and j must be integers in [0, {s.Matrix.Rows}) and [0, {s.Matrix.Cols})");
        return JsonOut(ctx, new { i, j, row = s.Names.Name(i), col = s.Names.Name(j), value = s.Matrix[i, j] });
    }

    private static Task Info(HttpContext ctx, ViewerSession s) => JsonOut(ctx, new
    {
        matrix = s.MatrixName,
        folder = Path.GetFileName(s.Folder.Root),
        rows = s.Matrix.Rows,
        cols = s.Matrix.Cols,
        dtype = s.Matrix.IsFloat32 ? "float32" : "float64",
        maxAbs = s.Pyramid.MaxAbs,
        maxLevel = s.Pyramid.MaxLevel,
        tileSize = s.Renderer.TileSize,
        pooling = s.Options.Pooling.ToString().ToLowerInvariant(),
        pyramidSeconds = s.PyramidSeconds,
        segments = s.Names.Segments,
        config = s.Config,
        metrics = s.Metrics,
    });

    private static Task Stats(HttpContext ctx, ViewerSession s)
    {
        var (hits, misses) = s.Cache.Stats;
        using var p = Process.GetCurrentProcess();
        return JsonOut(ctx, new
        {
            tilesPerLevel = s.TilesPerLevel(),
            cacheBytes = s.Cache.Bytes,
            cacheCapacityBytes = s.Cache.CapacityBytes,
            cacheTiles = s.Cache.Count,
            hits,
            misses,
            pyramidBytes = s.Pyramid.CachedBytes,
            managedBytes = GC.GetTotalMemory(false),
            workingSetBytes = p.WorkingSet64,
            privateBytes = p.PrivateMemorySize64,
        });
    }

    private static Task Colorbar(HttpContext ctx)
    {
        var (tile, error) = TileQuery.Parse("0/0/0.png", ctx.Request.Query, Matrix.Pooling.Max);
        if (tile is null) return BadRequest(ctx, error!);
        var lut = Colormaps.Lut(tile.Scale.Colormap);
        const int w = 256, h = 12;
        var rgb = new byte[3 * w * h];
        for (int y = 0; y < h; y++) lut.CopyTo(rgb.AsSpan(3 * w * y, 3 * w));
        return Send(ctx, PngEncoder.EncodeRgb(rgb, w, h), "image/png");
    }

    private static Task JsonOut(HttpContext ctx, object value) =>
        Send(ctx, JsonSerializer.SerializeToUtf8Bytes(value, Json), "application/json");

    private static Task BadRequest(HttpContext ctx, string message)
    {
        ctx.Response.StatusCode = StatusCodes.Status400BadRequest;
        return Send(ctx, System.Text.Encoding.UTF8.GetBytes(message), "text/plain; charset=utf-8");
    }

    private static Task NotFound(HttpContext ctx)
    {
        ctx.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static async Task Send(HttpContext ctx, byte[] body, string contentType)
    {
        ctx.Response.ContentType = contentType;
        ctx.Response.ContentLength = body.Length;
        if (HttpMethods.IsHead(ctx.Request.Method)) return;
        try { await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted); }
        catch (OperationCanceledException) { } // client disconnected: nothing to answer
        catch (IOException) { }
    }
}
