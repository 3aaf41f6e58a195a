using HessianLab.Core;
using HessianLab.Theory;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Spectra;

/// <summary>Draws A = (1/n) X Λ Xᵀ many times and collects its eigenvalues (libtorch's batched symmetric
/// eigensolver torch.linalg.eigvalsh, float64) and moments.</summary>
public static class RandomMatrixSampler
{
    /// <summary>Samples <see cref="RandomMatrixOptions.Draws"/> matrices in batches: per batch X ~ N(0, 1)^{B×d×n}
    /// from one seeded generator, then Λ from <paramref name="source"/> (with the same generator), then
    /// A = (X diag(Λ)) Xᵀ / n and its eigenvalues.</summary>
    /// <param name="options">Sizes, seed, device.</param>
    /// <param name="source">Where Λ comes from.</param>
    /// <param name="progress">Called with (draws done, total).</param>
    /// <exception cref="ArgumentException">Bad sizes.</exception>
    /// <exception cref="InsufficientMemoryException">The eigenvalues or a batch cannot fit.</exception>
    public static SpectrumSample Sample(RandomMatrixOptions options, ILambdaSource source, Action<int, int>? progress = null)
    {
        options.Validated();
        int d = options.Dim, n = options.Samples, draws = options.Draws, batch = options.EffectiveBatchSize();
        MemoryGuard.EnsureFits(8L * draws * (d + n) + 8L * batch * (3L * d * n + 3L * d * d), $"{draws} draws of a {d}×{d} matrix with n = {n}");
        var device = options.Device ?? CPU;
        var eig = new double[(long)draws * d];
        var lam = new double[(long)draws * n];
        double[] m1 = new double[draws], m2 = new double[draws], i1 = new double[draws], i2 = new double[draws];
        using var gen = new Generator((ulong)options.Seed);
        for (int start = 0; start < draws; start += batch)
        {
            int b = Math.Min(batch, draws - start);
            using var scope = torch.NewDisposeScope();
            var x = torch.randn(new long[] { b, d, n }, ScalarType.Float64, generator: gen).to(device);
            var tau = source.Diagonal(x, gen);
            if (tau.shape.Length != 2 || tau.shape[0] != b || tau.shape[1] != n)
                throw new InvalidOperationException($"Λ source '{source.Name}' returned shape [{string.Join(",", tau.shape)}], expected [{b},{n}]");
            var a = (x * tau.unsqueeze(1)).matmul(x.transpose(1, 2)) / n;
            var values = EigenvaluesOf(a, options.EigenThreads);
            var tauHost = tau.cpu().to(ScalarType.Float64).contiguous().data<double>().ToArray();
            Array.Copy(values, 0, eig, (long)start * d, values.Length);
            Array.Copy(tauHost, 0, lam, (long)start * n, tauHost.Length);
            for (int k = 0; k < b; k++)
            {
                var ev = values.AsSpan(k * d, d);
                double s1 = 0, s2 = 0;
                foreach (double v in ev) { s1 += v; s2 += v * v; }
                m1[start + k] = s1 / d;
                m2[start + k] = s2 / d;
                var t = tauHost.AsSpan(k * n, n);
                double ts = 0;
                foreach (double v in t) ts += v;
                i1[start + k] = ts / n;
                i2[start + k] = GeneralizedMarchenkoPastur.FiniteSecondMoment(t, d);
            }
            progress?.Invoke(start + b, draws);
        }
        return new SpectrumSample(options, source.Name, eig, m1, m2, i1, i2, lam);
    }

    private static double[] EigenvaluesOf(Tensor a, int threads)
    {
        int previous = torch.get_num_threads();
        if (threads > 0) torch.set_num_threads(threads);
        try
        {
            return torch.linalg.eigvalsh(a).cpu().contiguous().data<double>().ToArray();
        }
        finally
        {
            if (threads > 0) torch.set_num_threads(previous);
        }
    }
}
