using System.Text.Json;

namespace HessianLab.IO;

/// <summary>JSON result files: one serializer setting for every run and experiment, written atomically.</summary>
public static class JsonFiles
{
    /// <summary>Indented, camelCase, NaN/±Infinity written as strings.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,   // files, not HTML: keep '+', '×', 'ρ' readable
    };

    /// <summary>Writes <paramref name="value"/> (by its runtime type) to <paramref name="path"/> atomically; returns the path.</summary>
    public static string Write(string path, object value)
    {
        AtomicFile.WriteText(path, JsonSerializer.Serialize(value, value.GetType(), Options));
        return path;
    }
}
