using HessianLab.Curvature;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Spectra;

/// <summary>Hutchinson estimators of tr(A) and diag(A) with Rademacher probes.</summary>
/// <remarks>tr(A) = E[vᵀ A v], diag(A) = E[v ⊙ A v] for v with i.i.d. ±1 entries (Hutchinson 1989;
/// Bekas, Kokiopoulou, Saad 2007 for the diagonal). The standard error is reported from the sample variance.</remarks>
public static class Hutchinson
{
    /// <summary>Trace estimate and its standard error from <paramref name="probes"/> probes.</summary>
    public static (double Trace, double StdError) Trace(ILinearOperator op, int probes, long seed = 0)
    {
        if (probes < 2) throw new ArgumentException($"Hutchinson needs at least 2 probes for an error bar, got {probes}");
        using var gen = new Generator((ulong)seed);
        var samples = new double[probes];
        for (int p = 0; p < probes; p++)
        {
            using var scope = torch.NewDisposeScope();
            var v = Probe(op, gen);
            samples[p] = v.dot(op.Apply(v.to_type(op.DType)).to_type(ScalarType.Float64).cpu()).item<double>();
        }
        double mean = samples.Average();
        double var = samples.Sum(s => (s - mean) * (s - mean)) / (probes - 1);
        return (mean, Math.Sqrt(var / probes));
    }

    /// <summary>Diagonal estimate (1/K) Σ v ⊙ A v.</summary>
    public static Tensor Diagonal(ILinearOperator op, int probes, long seed = 0)
    {
        if (probes < 1) throw new ArgumentException($"Hutchinson needs at least 1 probe, got {probes}");
        using var gen = new Generator((ulong)seed);
        var sum = torch.zeros(new long[] { op.Dimension }, ScalarType.Float64);
        for (int p = 0; p < probes; p++)
        {
            using var scope = torch.NewDisposeScope();
            var v = Probe(op, gen);
            sum.add_(v * op.Apply(v.to_type(op.DType)).to_type(ScalarType.Float64).cpu());
        }
        return sum / probes;
    }

    private static Tensor Probe(ILinearOperator op, Generator gen) =>
        torch.randint(0, 2, new long[] { op.Dimension }, ScalarType.Float64, generator: gen) * 2 - 1;
}
