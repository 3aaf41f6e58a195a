using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Optim;

/// <summary>Shampoo: one left and one right Kronecker factor per weight matrix, accumulated over all steps.</summary>
/// <remarks>
/// Per step, for a weight W with gradient G reshaped to m × k (k = numel/m; conv kernels flattened like Muon's):
/// L ← L + G Gᵀ, R ← R + Gᵀ G (both start at 0; ε I is added when the roots are taken, so L_t = ε I + Σ_s G_s G_sᵀ);
/// every <c>updateInterval</c> steps (and at the first) the inverse roots L^{−1/4}, R^{−1/4} are recomputed by
/// symmetric eigendecomposition in float64 (<see cref="ShampooMath.InverseRoot"/>), and stale roots are used in
/// between; U = momentum &gt; 0 ? (M ← β M + (1−β) G) : G; W ·= 1 − lr·wd; W −= lr · L^{−1/4} U R^{−1/4}.
/// Parameters of rank &lt; 2 (biases, gains) take the diagonal fallback — order-1 Shampoo restricted to its diagonal,
/// i.e. AdaGrad: v ← v + g ⊙ g, W −= lr · u / √(ε + v).
/// No grafting, no exponential moving average of the statistics (the paper's sums).
/// At the first step with ε → 0, L^{−1/4} G R^{−1/4} = U Vᵀ for G = U Σ Vᵀ: Muon's polar factor; Muon is Shampoo without
/// accumulation. Defaults lr 0.01, ε 1e-8, interval 1, momentum 0, wd 0.
/// Reference: V. Gupta, T. Koren, Y. Singer, "Shampoo: Preconditioned Stochastic Tensor Optimization" (ICML 2018),
/// Algorithm 1. Buffers [L, R, L^{−1/4}, R^{−1/4}, M] (matrices) or [v, M] (vectors), float32 or wider.
/// </remarks>
public sealed partial class Shampoo : BufferedOptimizer
{
    /// <summary>Creates Shampoo over one group of parameters (any rank).</summary>
    /// <param name="parameters">Parameters; rank ≥ 2 get Kronecker factors, the rest the diagonal fallback.</param>
    /// <param name="lr">Learning rate (default 0.01).</param>
    /// <param name="eps">ε of ε I (default 1e-8).</param>
    /// <param name="updateInterval">Steps between recomputations of the inverse roots (default 1).</param>
    /// <param name="momentum">β of the momentum on the gradient (default 0: none).</param>
    /// <param name="weightDecay">Decoupled weight decay (default 0).</param>
    /// <exception cref="ArgumentException">A hyperparameter out of range.</exception>
    public Shampoo(IEnumerable<Parameter> parameters, double lr = 0.01, double eps = 1e-8, int updateInterval = 1, double momentum = 0, double weightDecay = 0)
        : this(new[] { new ParamGroup(parameters) }, lr, eps, updateInterval, momentum, weightDecay)
    {
    }

    /// <summary>Creates Shampoo over parameter groups (unset group options take these defaults).</summary>
    public Shampoo(IEnumerable<ParamGroup> groups, double lr = 0.01, double eps = 1e-8, int updateInterval = 1, double momentum = 0, double weightDecay = 0)
    {
        var options = new Options
        {
            LearningRate = lr, InitialLearningRate = lr, Eps = eps, UpdateInterval = updateInterval, Momentum = momentum, WeightDecay = weightDecay,
        };
        options.Validate();
        Initialize(options, groups);
    }

    /// <summary>Label of the variant for outputs.</summary>
    public string Label
    {
        get
        {
            var o = (Options)_defaults;
            return $"Shampoo (eps {o.Eps:G3}, root interval {o.UpdateInterval}, momentum {o.Momentum}, wd {o.WeightDecay}; rank<2: diagonal AdaGrad)";
        }
    }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var o = group.Options;
        double lr = o.LearningRate!.Value, eps = o.Eps!.Value, beta = o.Momentum!.Value, wd = o.WeightDecay!.Value;
        int interval = o.UpdateInterval!.Value;
        foreach (var (param, grad, state) in WithGradients(group.Parameters))
        {
            var b = state.Buffers;
            Tensor dir;
            if (param.dim() >= 2)
            {
                var g = grad.reshape(b[4].shape).to(b[4].dtype);
                b[0].add_(g.matmul(g.t()));
                b[1].add_(g.t().matmul(g));
                if ((state.Step - 1) % interval == 0)
                {
                    b[2].copy_(ShampooMath.InverseRoot(b[0], eps, 4));
                    b[3].copy_(ShampooMath.InverseRoot(b[1], eps, 4));
                }
                dir = ShampooMath.MatrixDirection(b[2], Direction(b[4], g, beta), b[3]);
            }
            else
            {
                var g = grad.reshape(b[1].shape).to(b[1].dtype);
                b[0].addcmul_(g, g, value: 1);
                dir = ShampooMath.VectorDirection(Direction(b[1], g, beta), b[0], eps);
            }
            MuonMath.Apply(param, dir, lr, wd);
        }
    }, closure)!;

    private static Tensor Direction(Tensor momentum, Tensor g, double beta)
    {
        if (beta == 0) return g;
        momentum.lerp_(g, 1 - beta);
        return momentum;
    }

    /// <inheritdoc />
    public override void add_param_group(TorchSharp.Modules.ParamGroup paramGroup)
    {
        var def = (Options)_defaults;
        paramGroup.Options ??= new Options();
        var opt = (Options)paramGroup.Options;
        opt.LearningRate ??= def.LearningRate;
        opt.Eps ??= def.Eps;
        opt.UpdateInterval ??= def.UpdateInterval;
        opt.Momentum ??= def.Momentum;
        opt.WeightDecay ??= def.WeightDecay;
        opt.InitialLearningRate = opt.LearningRate!.Value;
        opt.Validate();
        Register(paramGroup, paramGroup.Parameters.ToList(), NewState);
    }

    private static BufferState NewState(Parameter p)
    {
        if (p.dim() < 2) return new BufferState(p, new[] { p.numel() }, new[] { p.numel() });
        long m = p.shape[0], k = p.numel() / m;
        return new BufferState(p, new[] { m, m }, new[] { k, k }, new[] { m, m }, new[] { k, k }, new[] { m, k });
    }
}
