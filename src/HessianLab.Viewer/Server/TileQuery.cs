using System.Globalization;
using HessianLab.Viewer.Matrix;
using HessianLab.Viewer.Rendering;
using Microsoft.AspNetCore.Http;

namespace HessianLab.Viewer.Server;

/// <summary>Parses "/api/tile/{level}/{x}/{y}.png?pool=max|mean&amp;scale=linear|log&amp;k=&amp;decades=&amp;cmap=viridis|cividis|bwr".</summary>
public static class TileQuery
{
    /// <summary>The request, or an error message (the caller answers 400 with it).</summary>
    public static (TileRequest? Tile, string? Error) Parse(string? rest, IQueryCollection query, Pooling defaultPooling)
    {
        var parts = (rest ?? "").Split('/');
        if (parts.Length != 3 || !parts[2].EndsWith(".png", StringComparison.Ordinal))
            return (null, "tile path must be /api/tile/{level}/{x}/{y}.png");
        if (!Int(parts[0], out int level) || !Int(parts[1], out int x) || !Int(parts[2][..^4], out int y))
            return (null, "level, x and y must be non-negative integers");
        var pooling = defaultPooling;
        if (query.TryGetValue("pool", out var p))
        {
            if (p.ToString() == "max") pooling = Pooling.Max;
            else if (p.ToString() == "mean") pooling = Pooling.Mean;
            else return (null, "pool must be max or mean");
        }
        var scale = ScaleKind.Linear;
        if (query.TryGetValue("scale", out var s))
        {
            if (s.ToString() is "linear" or "lin") scale = ScaleKind.Linear;
            else if (s.ToString() == "log") scale = ScaleKind.Log;
            else return (null, "scale must be linear or log");
        }
        var cmap = ColormapName.Viridis;
        if (query.TryGetValue("cmap", out var c))
        {
            cmap = c.ToString() switch { "viridis" => ColormapName.Viridis, "cividis" => ColormapName.Cividis, "bwr" => ColormapName.BlueWhiteRed, _ => (ColormapName)(-1) };
            if ((int)cmap < 0) return (null, "cmap must be viridis, cividis or bwr");
        }
        double k = 1, decades = 6;
        if (query.TryGetValue("k", out var kt) && !Num(kt, out k)) return (null, "k must be a number");
        if (query.TryGetValue("decades", out var dt) && !Num(dt, out decades)) return (null, "decades must be a number");
        ColorScale colors;
        try { colors = new ColorScale(scale, k, decades, cmap).Validated(); }
        catch (ArgumentException e) { return (null, e.Message); }
        return (new TileRequest(level, x, y, pooling, colors), null);
    }

    private static bool Int(string s, out int v) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out v) && s.Length <= 9;

    private static bool Num(Microsoft.Extensions.Primitives.StringValues s, out double v) =>
        double.TryParse(s.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);
}
