using HessianLab.Curvature;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Spectra;

/// <summary>Spectral density by stochastic Lanczos quadrature (SLQ).</summary>
/// <remarks>
/// For a random unit vector v, the Gauss quadrature of the spectral measure μ_v = Σ_i (vᵀu_i)² δ_{λ_i}
/// has nodes θ_k = eigenvalues of the Lanczos T and weights τ_k = (first component of T's k-th
/// eigenvector)². Averaging over probes estimates μ = (1/P) Σ_i δ_{λ_i}; the density is the average of
/// Gaussians of width σ at the nodes. Reference: Lin, Saad, Yang 2016 (SIAM Review); Ghorbani, Krishnan,
/// Xiao 2019; used blockwise in "Why Transformers Need Adam: A Hessian Perspective" (Zhang et al. 2024).
/// </remarks>
public static class StochasticLanczosQuadrature
{
    /// <summary>Quadrature nodes and weights (weights of each probe sum to 1; all probes together to <paramref name="probes"/>).</summary>
    public static (double[] Nodes, double[] Weights) Quadrature(ILinearOperator op, int steps, int probes, long seed = 0)
    {
        if (probes < 1) throw new ArgumentException($"SLQ needs at least one probe, got {probes}");
        var nodes = new List<double>();
        var weights = new List<double>();
        using var gen = new Generator((ulong)seed);
        for (int p = 0; p < probes; p++)
        {
            using var scope = torch.NewDisposeScope();
            // Rademacher probe: ±1 entries.
            var v = torch.randint(0, 2, new long[] { op.Dimension }, ScalarType.Float64, generator: gen) * 2 - 1;
            var r = Lanczos.Run(op, steps, v, keepBasis: false);
            var (vals, vecs) = torch.linalg.eigh(r.Tridiagonal());
            var w = vecs[0].pow(2);
            nodes.AddRange(vals.data<double>().ToArray());
            weights.AddRange(w.data<double>().ToArray());
        }
        return (nodes.ToArray(), weights.ToArray());
    }

    /// <summary>Density on a grid: (1/probes) Σ τ_k N(x; θ_k, σ²).</summary>
    public static double[] Density(double[] nodes, double[] weights, int probes, double[] grid, double sigma)
    {
        if (!(sigma > 0)) throw new ArgumentException($"broadening width must be positive, got {sigma}");
        var density = new double[grid.Length];
        double norm = 1.0 / (probes * sigma * Math.Sqrt(2 * Math.PI));
        for (int g = 0; g < grid.Length; g++)
        {
            double s = 0;
            for (int k = 0; k < nodes.Length; k++)
            {
                double z = (grid[g] - nodes[k]) / sigma;
                s += weights[k] * Math.Exp(-0.5 * z * z);
            }
            density[g] = s * norm;
        }
        return density;
    }
}
