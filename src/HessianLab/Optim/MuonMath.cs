using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Optim;

/// <summary>The update directions of Muon and NorMuon as pure functions of 2-D tensors (used by the optimizers,
/// by E10's preconditioner matrices and by the tests).</summary>
public static class MuonMath
{
    /// <summary>Muon's direction before the learning rate: NS(U) · scale(m, n).</summary>
    public static Tensor MuonDirection(Tensor u, NewtonSchulzKind ns, MuonScale scale) =>
        NewtonSchulz.Orthogonalize(u, ns) * MuonScales.Factor(scale, u.shape[0], u.shape[1]);

    /// <summary>Per-row mean of O ⊙ O: NorMuon's second-moment statistic (one value per neuron).</summary>
    public static Tensor RowMeanSquare(Tensor o) => (o * o).mean(new long[] { 1 });

    /// <summary>Whether NorMuon's statistic of an m × n matrix is per column: only the benchmark rule on a wide matrix.</summary>
    public static bool PerColumn(NorMuonStepRule rule, long m, long n) => rule == NorMuonStepRule.Benchmark && m < n;

    /// <summary>NorMuon's second-moment statistic of O under a rule: mean of O ⊙ O per row (length m), or per column
    /// (length n) when <see cref="PerColumn"/>.</summary>
    public static Tensor SecondMomentStatistic(Tensor o, NorMuonStepRule rule) =>
        PerColumn(rule, o.shape[0], o.shape[1]) ? (o * o).mean(new long[] { 0 }) : RowMeanSquare(o);

    /// <summary>NorMuon's direction from the orthogonalized O and the updated second moment v (length m, or n for
    /// <see cref="PerColumn"/>), without the learning rate (for <see cref="NorMuonStepRule.Paper"/> the factor
    /// 0.2√(mn)/‖Ô‖_F is included).</summary>
    /// <remarks>Code: Ô = O/(√v+ε); Ô ·= ‖O‖_F/(‖Ô‖_F + ε); Ô ·= scale(m,n). Paper: Ô = O/(√v+ε); Ô ·= 0.2√(mn)/‖Ô‖_F.
    /// Benchmark: Ô = O·rsqrt(max(v, ε)) along the longer side; Ô ·= ‖O‖_F/max(‖Ô‖_F, ε); Ô ·= scale(m,n).</remarks>
    public static Tensor NorMuonDirection(Tensor o, Tensor v, double eps, NorMuonStepRule rule, MuonScale scale)
    {
        long m = o.shape[0], n = o.shape[1];
        Tensor hat;
        switch (rule)
        {
            case NorMuonStepRule.Code:
                hat = o / (v.sqrt().unsqueeze(1).to(o.dtype) + eps);
                hat = hat * (o.norm() / (hat.norm() + eps));
                return hat * MuonScales.Factor(scale, m, n);
            case NorMuonStepRule.Benchmark:
                var step = v.clamp_min(eps).rsqrt().to(o.dtype);
                hat = o * (PerColumn(rule, m, n) ? step.unsqueeze(0) : step.unsqueeze(1));
                hat = hat * (o.norm() / hat.norm().clamp_min(eps));
                return hat * MuonScales.Factor(scale, m, n);
            default:
                hat = o / (v.sqrt().unsqueeze(1).to(o.dtype) + eps);
                return hat * (0.2 * Math.Sqrt((double)m * n) / hat.norm());
        }
    }

    /// <summary>The exact polar factor M (MᵀM)^{+1/2} = U Vᵀ by SVD (what the NS iterations approximate), float64.</summary>
    public static Tensor PolarFactor(Tensor mat)
    {
        using var scope = torch.NewDisposeScope();
        var (u, _, vh) = torch.linalg.svd(mat.to(ScalarType.Float64), fullMatrices: false);
        return u.matmul(vh).MoveToOuterDisposeScope();
    }

    /// <summary>Momentum step shared by Muon and NorMuon: M = β M + (1−β) G in place; returns the direction to
    /// orthogonalize, lerp(G, M, β) with Nesterov, else M (KellerJordan/Muon).</summary>
    public static Tensor Momentum(Tensor momentum, Tensor grad, double beta, bool nesterov)
    {
        var g = grad.reshape(momentum.shape).to(momentum.dtype);
        momentum.lerp_(g, 1 - beta);
        return nesterov ? g.lerp(momentum, beta) : momentum;
    }

    /// <summary>Decoupled weight decay then the step: W *= 1 − lr·wd; W −= lr · update.</summary>
    public static void Apply(TorchSharp.Modules.Parameter param, Tensor update, double lr, double wd)
    {
        if (wd != 0) param.mul_(1 - lr * wd);
        param.add_(update.reshape(param.shape).to(param.dtype), alpha: -lr);
    }
}
