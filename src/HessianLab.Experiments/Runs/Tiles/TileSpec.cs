namespace HessianLab.Runs.Tiles;

/// <summary>One tile of a Hessian job: band <see cref="Band"/> of <see cref="Bands"/> (rows, whole neuron blocks in θ
/// order) on shard <see cref="Shard"/> of <see cref="Shards"/> (a contiguous share of the samples). All indices 1-based.</summary>
/// <remarks>The Hessian of the mean loss is a weighted sum over shards: H = Σ_s (N_s / N) H_s, where H_s is the
/// Hessian of the mean loss over shard s's N_s samples.</remarks>
public sealed record TileSpec(int Band, int Bands, int Shard = 1, int Shards = 1)
{
    /// <summary>The whole job as one tile.</summary>
    public static TileSpec Whole { get; } = new(1, 1);

    /// <summary>Folder name under <c>DIR/tiles/</c>: <c>K-of-N</c>, or <c>K-of-N-shard-S-of-M</c> when M &gt; 1.</summary>
    public string FolderName => Shards == 1 ? $"{Band}-of-{Bands}" : $"{Band}-of-{Bands}-shard-{Shard}-of-{Shards}";

    /// <summary>Checks 1 ≤ K ≤ N and 1 ≤ S ≤ M and returns this.</summary>
    /// <exception cref="ArgumentException">An index outside its range, naming the parameter.</exception>
    public TileSpec Validated()
    {
        if (Bands < 1) throw new ArgumentException($"the number of bands must be ≥ 1, got {Bands}", nameof(Bands));
        if (Band < 1 || Band > Bands) throw new ArgumentException($"band {Band} is outside 1…{Bands}", nameof(Band));
        if (Shards < 1) throw new ArgumentException($"the number of shards must be ≥ 1, got {Shards}", nameof(Shards));
        if (Shard < 1 || Shard > Shards) throw new ArgumentException($"shard {Shard} is outside 1…{Shards}", nameof(Shard));
        return this;
    }

    /// <summary>Samples [start, end) of shard S of M over N samples: start = ⌊N (S−1) / M⌋, end = ⌊N S / M⌋.</summary>
    /// <exception cref="ArgumentException">More shards than samples (a shard would be empty).</exception>
    public (int Start, int End) SampleRange(int samples)
    {
        if (Shards > samples) throw new ArgumentException($"{Shards} shards of {samples} samples would leave a shard empty", nameof(Shards));
        return ((int)((long)samples * (Shard - 1) / Shards), (int)((long)samples * Shard / Shards));
    }
}
