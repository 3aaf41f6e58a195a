using HessianLab.Core;
using HessianLab.IO;
using HessianLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Runs.Tiles;

/// <summary>Merges the tiles of <c>DIR/tiles/</c> into the result folder DIR: checks every tile (its manifest, and
/// that all tile.json agree on options and inputs and cover every band and shard exactly once), sums the shards of
/// each band, H[band] = Σ_s (N_s / N) H_s[band] (shards in order), and assembles the bands into DIR/hessian.npy through a
/// memory-mapped file with the metrics and pictures of a single-process run, holding one band at a time.</summary>
/// <remarks>DIR becomes a result folder (staged, locked, manifest.json); the tiles (and DIR/slurm, if present) are
/// kept inside it as DIR/tiles and DIR/slurm, listed in its manifest, so a merge can be repeated.</remarks>
public static class TileMerge
{
    /// <summary>Sub-folders of DIR that a merge carries into the result.</summary>
    public static readonly IReadOnlyCollection<string> Carried = new[] { "tiles", "slurm" };

    /// <summary>Checks the tiles of <paramref name="dir"/> without merging; returns them by (band, shard), 1-based.</summary>
    /// <exception cref="InvalidDataException">A tile is incomplete or damaged, belongs to another run, is misnamed,
    /// or bands/shards are missing — the message names them.</exception>
    public static IReadOnlyDictionary<(int Band, int Shard), (string Dir, TileRecord Record)> Check(string dir)
    {
        string tiles = Path.Combine(dir, "tiles");
        if (!Directory.Exists(tiles)) throw new InvalidDataException($"'{dir}' has no tiles/ folder: run the tiles first (hessian … --tile K/N --out {dir})");
        var found = new Dictionary<(int, int), (string, TileRecord)>();
        (string Name, TileRecord R)? first = null;
        foreach (var t in Directory.GetDirectories(tiles).Where(d => !Path.GetFileName(d).StartsWith('.')).OrderBy(d => d, StringComparer.Ordinal))
        {
            string name = Path.GetFileName(t);
            var problems = Manifest.Verify(t);
            if (problems.Count > 0) throw new InvalidDataException($"tile '{name}' is incomplete or damaged: {problems[0]}{(problems.Count > 1 ? $" (and {problems.Count - 1} more)" : "")}");
            var r = TileRecord.Read(t);
            if (r.Spec.FolderName != name) throw new InvalidDataException($"tile folder '{name}' holds tile {r.Spec.FolderName}");
            if (first is { } f) Compare(f.Name, f.R, name, r);
            else first = (name, r);
            found[(r.Band, r.Shard)] = (t, r);
        }
        if (first is not { } head) throw new InvalidDataException($"'{tiles}' holds no tiles");
        var layout = LayoutOf(head.R.Options);
        var bands = TilePlan.Bands(layout, head.R.Bands);
        var missing = new List<string>();
        for (int k = 1; k <= head.R.Bands; k++)
            for (int s = 1; s <= head.R.Shards; s++)
            {
                var spec = new TileSpec(k, head.R.Bands, s, head.R.Shards);
                if (!found.TryGetValue((k, s), out var tile)) { missing.Add($"{spec.FolderName} (rows {bands[k - 1].Start}–{bands[k - 1].End})"); continue; }
                var (s0, s1) = spec.SampleRange(head.R.Options.Samples);
                if (tile.Item2.RowStart != bands[k - 1].Start || tile.Item2.RowEnd != bands[k - 1].End || tile.Item2.SampleStart != s0 || tile.Item2.SampleEnd != s1)
                    throw new InvalidDataException($"tile '{spec.FolderName}' holds rows [{tile.Item2.RowStart}, {tile.Item2.RowEnd}) of samples [{tile.Item2.SampleStart}, {tile.Item2.SampleEnd}), the plan says [{bands[k - 1].Start}, {bands[k - 1].End}) of [{s0}, {s1})");
            }
        if (missing.Count > 0)
            throw new InvalidDataException($"{missing.Count} of {head.R.Bands * head.R.Shards} tiles missing: {string.Join(", ", missing.Take(8))}{(missing.Count > 8 ? ", …" : "")}; run them, then merge again");
        return found;
    }

    /// <summary>Checks and merges; returns the result's files (final paths) and metrics.</summary>
    /// <exception cref="InvalidDataException">See <see cref="Check"/>.</exception>
    /// <exception cref="IOException">Not enough disk for hessian.npy, or DIR is locked by another run.</exception>
    /// <exception cref="InsufficientMemoryException">One band (times the shards' sum) does not fit in memory.</exception>
    public static HessianRunResult Execute(string dir, RunRecord? record = null, Action<string, int, int>? progress = null)
    {
        var tiles = Check(dir);
        var head = tiles[(1, 1)].Record;
        var layout = LayoutOf(head.Options);
        var bands = TilePlan.Bands(layout, head.Bands);
        long maxRows = bands.Max(b => b.Rows);
        new MemoryPlan().Add("one band of Hessian rows, its shard being added and the band's reductions", 8, 3, maxRows, layout.Count)
            .EnsureFits($"merging {tiles.Count} tiles of the {layout.Count}×{layout.Count} Hessian");
        BandedResult.EnsureDiskFits(dir, layout.Count);
        using var folder = ResultFolder.Begin(dir, record ?? RunRecord.Library("TileMerge.Execute", head.Options.Seed), Carried);
        int n = head.Options.Samples;
        Tensor Band(int k)
        {
            Tensor? sum = null;
            for (int s = 1; s <= head.Shards; s++)
            {
                var (tdir, r) = tiles[(k + 1, s)];
                var rows = Npy.Load(Path.Combine(tdir, "rows.npy"));
                if (head.Shards > 1) rows.mul_((double)(r.SampleEnd - r.SampleStart) / n);
                if (sum is null) sum = rows;
                else { sum.add_(rows); rows.Dispose(); }
            }
            return sum!;
        }
        string inputs = folder.PathOf("inputs");
        Directory.CreateDirectory(inputs);
        foreach (var f in Directory.GetFiles(Path.Combine(tiles[(1, 1)].Dir, "inputs"))) File.Copy(f, Path.Combine(inputs, Path.GetFileName(f)));
        var config = new { options = head.Options, parameters = layout.Count, bands = head.Bands, shards = head.Shards, inputsSha256 = head.Inputs, method = head.Method,
            thetaOrder = "row-major per layer: [vec_row([W1|b1]); vec_row([W2|b2]); ...]", segments = layout.Segments };
        var (files, analysis, seconds) = BandedResult.Write(folder.Staging, layout, bands, Band, BandedResult.NetTitle(head.Options), config,
            new { loss = head.Loss, method = head.Method, tiles = tiles.Count, shards = head.Shards }, progress);
        files.AddRange(Directory.GetFiles(inputs));
        folder.Commit();
        return new HessianRunResult(layout.Count, head.Loss, head.Method, seconds, HessianRun.LayerNorms(analysis, layout),
            files.Select(folder.FinalPathOf).ToList(), analysis.Metrics);
    }

    /// <summary>The θ layout of the options' network.</summary>
    internal static ParameterLayout LayoutOf(TileOptions o) =>
        ParameterLayout.ForMlp(o.Layers.Split(',').Select(int.Parse).ToArray(), o.Bias);

    private static void Compare(string aName, TileRecord a, string bName, TileRecord b)
    {
        string? diff = a.Options != b.Options ? OptionsDiff(a.Options, b.Options)
            : !a.Inputs.OrderBy(e => e.Key).SequenceEqual(b.Inputs.OrderBy(e => e.Key)) ? "inputs (SHA-256 of " + string.Join(", ", a.Inputs.Keys.Where(k => !b.Inputs.TryGetValue(k, out var v) || v != a.Inputs[k])) + ")"
            : a.Bands != b.Bands ? $"bands ({a.Bands} vs {b.Bands})"
            : a.Shards != b.Shards ? $"shards ({a.Shards} vs {b.Shards})"
            : a.Parameters != b.Parameters ? $"P ({a.Parameters} vs {b.Parameters})" : null;
        if (diff is not null) throw new InvalidDataException($"tile '{bName}' belongs to another run than tile '{aName}': {diff} differ; tiles of different runs cannot be merged");
    }

    private static string OptionsDiff(TileOptions a, TileOptions b) => "options (" + string.Join(", ", typeof(TileOptions).GetProperties()
        .Where(p => !Equals(p.GetValue(a), p.GetValue(b))).Select(p => $"{p.Name}: {p.GetValue(a)} vs {p.GetValue(b)}")) + ")";
}
