using System.Reflection;

namespace HessianLab.Viewer.Server;

/// <summary>The page, its script and style, and the vendored OpenSeadragon files, embedded in this assembly
/// under "wwwroot/…". Only names in this fixed table are served, so no request path reaches the file system.</summary>
public static class StaticAssets
{
    private static readonly Assembly Self = typeof(StaticAssets).Assembly;
    private static readonly Dictionary<string, string> Names = Self.GetManifestResourceNames()
        .Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal))
        .ToDictionary(n => n["wwwroot/".Length..], n => n, StringComparer.Ordinal);

    /// <summary>Every served path (relative to the site root), e.g. "lib/openseadragon/openseadragon.min.js".</summary>
    public static IReadOnlyCollection<string> Paths => Names.Keys;

    /// <summary>The bytes of an asset, or null.</summary>
    public static byte[]? Read(string path)
    {
        if (!Names.TryGetValue(path, out var name)) return null;
        using var s = Self.GetManifestResourceStream(name)!;
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    /// <summary>Content type from the extension.</summary>
    public static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".png" => "image/png",
        ".json" => "application/json",
        ".txt" or ".md" or ".csv" => "text/plain; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
