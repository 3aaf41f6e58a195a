using HessianLab.Core;
using HessianLab.Theory;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Spectra;

/// <summary>Draws A = (1/n) X Λ Xᵀ many times and collects its eigenvalues (libtorch's batched symmetric
/// eigensolver torch.linalg.eigvalsh, float64; for d &gt; n and Λ ≥ 0 on the n × n Gram form, see
/// <see cref="EigenvaluesOf"/>) and moments.</summary>
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
            var values = EigenvaluesOf(x, tau, options.EigenThreads);
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

    /// <summary>The eigenvalues of each A = (1/n) X diag(τ) Xᵀ of a batch (B × d × n, B × n), ascending per draw,
    /// draw after draw.</summary>
    /// <remarks>When d &gt; n and every τ ≥ 0, A = (1/n) Y Yᵀ with Y = X diag(√τ) has rank ≤ n and the same non-zero
    /// eigenvalues as the n × n matrix (1/n) Yᵀ Y = (1/n) diag(√τ) XᵀX diag(√τ); A's other d − n eigenvalues are exactly
    /// 0. So the n × n problem is solved and d − n zeros are put in front: for the talk's n = 50, d = 300 this is 5 s →
    /// 0.1 s for 1,000 draws. The zeros are then exact instead of eigvalsh's ±1e-14 · max |λ| (below the 1e-9 · max
    /// tolerance at which they count as zeros either way), and the other eigenvalues agree to rounding.</remarks>
    internal static double[] EigenvaluesOf(Tensor x, Tensor tau, int threads)
    {
        long b = x.shape[0], d = x.shape[1], n = x.shape[2];
        if (d <= n || tau.min().item<double>() < 0)
            return Eigvalsh((x * tau.unsqueeze(1)).matmul(x.transpose(1, 2)) / n, threads).cpu().contiguous().data<double>().ToArray();
        var y = x * tau.sqrt().unsqueeze(1);                                                   // B × d × n
        var small = Eigvalsh(y.transpose(1, 2).matmul(y) / n, threads).to_type(ScalarType.Float64);   // B × n
        var zeros = torch.zeros(new long[] { b, d - n }, ScalarType.Float64, small.device);
        // eigvalsh of a PSD matrix may return tiny negatives (≈ −1e-15 · max) that belong before the zeros.
        return torch.cat(new[] { zeros, small }, 1).sort(1).Values.cpu().contiguous().data<double>().ToArray();
    }

    /// <summary>torch.linalg.eigvalsh with libtorch's intra-op threads set to <paramref name="threads"/> (0: unchanged)
    /// for the solve only; the products before it keep the process's setting.</summary>
    private static Tensor Eigvalsh(Tensor a, int threads)
    {
        using var scope = threads > 0 ? new ThreadScope(threads) : null;
        return torch.linalg.eigvalsh(a);
    }
}
