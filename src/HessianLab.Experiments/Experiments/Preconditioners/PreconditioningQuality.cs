using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Preconditioners;

/// <summary>How well a preconditioner P conditions a Hessian block: the spectrum of P^{1/2} H₊ P^{1/2} on range(P).</summary>
/// <remarks>
/// Convention for the indefinite, rank-deficient H: positive part H₊ = V max(Λ, 0) Vᵀ, and only the non-zero
/// spectrum counts — the eigenvalues μ₁ ≥ … ≥ μ_r of P^{1/2} H₊ P^{1/2} above <see cref="RelativeCutoff"/>·μ₁
/// (directions where the loss is flat, e.g. the softmax shift of the output layer, or outside range(P), are not
/// conditioned by any P). κ = μ₁/μ_r (pseudo-condition number), κ₉₀ = q95(μ)/q5(μ), spread σ(log₁₀ μ). κ = 1 is perfect.
/// </remarks>
/// <param name="Preconditioner">Name.</param>
/// <param name="Rank">r: number of eigenvalues of P^{1/2} H₊ P^{1/2} above the cutoff.</param>
/// <param name="Kappa">μ₁/μ_r.</param>
/// <param name="Kappa90">q95/q5 of the r eigenvalues.</param>
/// <param name="LogSpread">Standard deviation of log₁₀ μ over the r eigenvalues.</param>
/// <param name="MuMax">μ₁.</param>
/// <param name="MuMin">μ_r.</param>
/// <param name="Formula">How P was built (labels the variant in every output).</param>
public sealed record PreconditioningQuality(string Preconditioner, int Rank, double Kappa, double Kappa90, double LogSpread, double MuMax, double MuMin, string Formula = "")
{
    /// <summary>Eigenvalues of P^{1/2} H₊ P^{1/2} below this fraction of the largest count as zero.</summary>
    public const double RelativeCutoff = 1e-8;

    /// <summary>H₊ (symmetrized first) and the facts about H's sign: (matrix, λ_max, negative share Σ|λ₋|/Σ|λ|).</summary>
    public static (Tensor Positive, double LambdaMax, double NegativeShare) PositivePart(Tensor h)
    {
        using var scope = torch.NewDisposeScope();
        var sym = (h + h.t()) * 0.5;
        var (evals, evecs) = linalg.eigh(sym);
        double lmax = evals.max().item<double>();
        if (!(lmax > 0)) throw new ArgumentException("the Hessian block has no positive eigenvalue; cannot precondition its positive part");
        double neg = (-evals).clamp_min(0).sum().item<double>() / evals.abs().sum().item<double>();
        var damped = evecs.matmul(diag(evals.clamp_min(0))).matmul(evecs.t());
        return (((damped + damped.t()) * 0.5).MoveToOuterDisposeScope(), lmax, neg);
    }

    /// <summary>Measures P^{1/2} H₊ P^{1/2} for H₊ from <see cref="PositivePart"/>.</summary>
    public static PreconditioningQuality Measure(Tensor hDamped, PreconditionerMatrix p) => MeasureWithSpectrum(hDamped, p).Quality;

    /// <summary>Measures P^{1/2} H₊ P^{1/2} and returns its top-rank(P) eigenvalues (descending) too.</summary>
    public static (PreconditioningQuality Quality, double[] Spectrum) MeasureWithSpectrum(Tensor hDamped, PreconditionerMatrix p)
    {
        using var scope = torch.NewDisposeScope();
        var a = p.Sqrt.matmul(hDamped).matmul(p.Sqrt);
        var all = linalg.eigvalsh((a + a.t()) * 0.5).flip(0);                      // descending
        double top = all[0].item<double>();
        int rank = (int)(all > RelativeCutoff * top).sum().item<long>();
        var mu = all.narrow(0, 0, rank).data<double>().ToArray();
        var sorted = mu.OrderBy(x => x).ToArray();
        double Q(double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];
        var logs = mu.Select(Math.Log10).ToArray();
        double meanLog = logs.Average();
        double spread = Math.Sqrt(logs.Select(x => (x - meanLog) * (x - meanLog)).Average());
        return (new(p.Name, rank, mu[0] / mu[^1], Q(0.95) / Q(0.05), spread, mu[0], mu[^1], p.Formula), mu);
    }
}
