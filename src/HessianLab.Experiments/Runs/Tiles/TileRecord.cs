using System.Text.Json;
using HessianLab.IO;

namespace HessianLab.Runs.Tiles;

/// <summary><c>tile.json</c>: what one tile holds and which run it belongs to. Tiles combine only when their
/// <see cref="Options"/> and <see cref="Inputs"/> agree exactly (the merge checks).</summary>
/// <param name="Format">Format tag, <see cref="FormatName"/>.</param>
/// <param name="Band">K (1-based).</param>
/// <param name="Bands">N.</param>
/// <param name="Shard">S (1-based).</param>
/// <param name="Shards">M.</param>
/// <param name="RowStart">First θ row of the band.</param>
/// <param name="RowEnd">One past the last θ row.</param>
/// <param name="SampleStart">First sample of the shard.</param>
/// <param name="SampleEnd">One past the last sample of the shard.</param>
/// <param name="Parameters">P (the band is RowEnd − RowStart rows × P columns, in rows.npy).</param>
/// <param name="Loss">The loss over all N samples at the weights the tile used.</param>
/// <param name="Method">The method used ("exact" or "autograd").</param>
/// <param name="Options">Every option that determines the Hessian, as given to the run.</param>
/// <param name="Inputs">SHA-256 of the inputs as .npy files: X, y and the weights W_l (b_l).</param>
public sealed record TileRecord(string Format, int Band, int Bands, int Shard, int Shards, long RowStart, long RowEnd,
    int SampleStart, int SampleEnd, long Parameters, double Loss, string Method, TileOptions Options,
    IReadOnlyDictionary<string, string> Inputs)
{
    /// <summary>The file name.</summary>
    public const string FileName = "tile.json";

    /// <summary>The format tag.</summary>
    public const string FormatName = "hessianlab-tile/1";

    /// <summary>The tile as a spec.</summary>
    public TileSpec Spec => new(Band, Bands, Shard, Shards);

    /// <summary>Reads <c>DIR/tile.json</c>.</summary>
    /// <exception cref="InvalidDataException">Missing, malformed or of another format.</exception>
    public static TileRecord Read(string dir)
    {
        string p = Path.Combine(dir, FileName);
        if (!File.Exists(p)) throw new InvalidDataException($"'{dir}' has no {FileName}: it is not a HessianLab tile");
        TileRecord? r;
        try { r = JsonSerializer.Deserialize<TileRecord>(File.ReadAllText(p), JsonFiles.Options); }
        catch (JsonException e) { throw new InvalidDataException($"{p} is not a valid tile record: {e.Message}"); }
        if (r is null || r.Format != FormatName) throw new InvalidDataException($"{p} is not a {FormatName} record");
        return r;
    }
}

/// <summary>The options that determine a Hessian (a value record: two runs agree when these are equal).</summary>
public sealed record TileOptions(string Layers, string Activation, bool Bias, string Init, string Loss, int Samples,
    string Data, long Seed, int TrainSteps, double LearningRate, string Method, string DType)
{
    /// <summary>The options of <paramref name="o"/>, with the method as resolved for the model.</summary>
    public static TileOptions Of(HessianRunOptions o, string method) => new(o.Model.WidthsText,
        o.Model.Activation.ToString().ToLowerInvariant(), o.Model.Bias, o.Model.Init.ToString().ToLowerInvariant(),
        o.Loss.ToString().ToLowerInvariant(), o.Samples, o.Data.ToString().ToLowerInvariant(), o.Seed,
        o.TrainingOrNone.Steps, o.TrainingOrNone.LearningRate, method, o.Float32 ? "float32" : "float64");
}
