using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Data;

/// <summary>Seeded generators of the talk's synthetic data (docs/experiments.md, "Data and models").</summary>
public static class SyntheticData
{
    /// <summary>Creates N samples of dimension d with C classes.</summary>
    /// <exception cref="ArgumentException">A size ≤ 0.</exception>
    public static Dataset Create(DataKind kind, int samples, int dim, int classes, long seed,
        ScalarType dtype = ScalarType.Float64, Device? device = null)
    {
        if (samples <= 0) throw new ArgumentException($"samples must be positive, got {samples}", nameof(samples));
        if (dim <= 0) throw new ArgumentException($"input dimension must be positive, got {dim}");
        if (classes <= 0) throw new ArgumentException($"number of classes must be positive, got {classes}");
        var ds = kind == DataKind.Gaussian ? Gaussian(samples, dim, classes, seed) : Clusters(samples, dim, classes, seed);
        return ds with { X = ds.X.to(dtype, device ?? CPU), Y = ds.Y.to(device ?? CPU) };
    }

    /// <summary>x_n ~ N(0, I_d) i.i.d., y_n ~ U{0..C-1} independent of x.</summary>
    public static Dataset Gaussian(int samples, int dim, int classes, long seed)
    {
        using var gen = new Generator((ulong)seed);
        var x = torch.randn(new long[] { samples, dim }, ScalarType.Float64, generator: gen);
        var y = torch.randint(0, classes, new long[] { samples }, ScalarType.Int64, generator: gen);
        return new Dataset(x, y, classes);
    }

    /// <summary>C centres uniform on the unit sphere, x = centre + 0.05·ε, ⌊N/C⌋ samples per cluster
    /// (the first N mod C clusters get one more), samples ordered by cluster.</summary>
    public static Dataset Clusters(int samples, int dim, int classes, long seed)
    {
        using var gen = new Generator((ulong)seed);
        var centres = torch.randn(new long[] { classes, dim }, ScalarType.Float64, generator: gen);
        centres = centres / centres.norm(1, keepdim: true);
        var labels = new long[samples];
        int per = samples / classes, extra = samples % classes, n = 0;
        for (int c = 0; c < classes; c++)
            for (int k = 0; k < per + (c < extra ? 1 : 0); k++) labels[n++] = c;
        var y = torch.tensor(labels);
        var x = centres.index_select(0, y) + 0.05 * torch.randn(new long[] { samples, dim }, ScalarType.Float64, generator: gen);
        return new Dataset(x, y, classes);
    }
}
