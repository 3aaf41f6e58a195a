using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Optim;

/// <summary>Muon: momentum orthogonalized by Newton–Schulz, for hidden ≥2-D weights (route the rest to AdamW with
/// <see cref="ParameterRouting"/>).</summary>
/// <remarks>
/// Per step, for a weight W (m × n; conv weights flattened to (out, in·kh·kw)):
/// M = β M + (1−β) G; U = Nesterov ? lerp(G, M, β) : M; O = NS(U)·scale(m, n); W ·= 1 − lr·wd; W −= lr·O.
/// Defaults lr 0.02, momentum 0.95, Nesterov, wd 0, quintic NS × 5, scale √max(1, m/n).
/// Reference: K. Jordan et al., "Muon" (2024), github.com/KellerJordan/Muon. Derives from TorchSharp's
/// <see cref="OptimizerHelper"/> like torch.optim.AdamW: param groups, step() inside no_grad + dispose scope,
/// zero_grad(), save_state_dict/load_state_dict. The momentum buffer is float32 or float64 (never bf16).
/// </remarks>
public sealed partial class Muon : BufferedOptimizer
{
    /// <summary>Creates Muon over one group of parameters.</summary>
    /// <param name="parameters">Weights of rank ≥ 2.</param>
    /// <param name="lr">Learning rate (default 0.02).</param>
    /// <param name="momentum">β (default 0.95).</param>
    /// <param name="nesterov">Nesterov momentum (default true).</param>
    /// <param name="weightDecay">Decoupled weight decay (default 0).</param>
    /// <param name="newtonSchulz">NS variant (default quintic × 5).</param>
    /// <param name="scale">Update-scale convention (default √max(1, m/n)).</param>
    /// <exception cref="ArgumentException">A hyperparameter out of range, or a parameter of rank &lt; 2.</exception>
    public Muon(IEnumerable<Parameter> parameters, double lr = 0.02, double momentum = 0.95, bool nesterov = true,
        double weightDecay = 0, NewtonSchulzKind newtonSchulz = NewtonSchulzKind.Quintic5, MuonScale scale = MuonScale.ShapeRatio)
        : this(new[] { new ParamGroup(parameters) }, lr, momentum, nesterov, weightDecay, newtonSchulz, scale)
    {
    }

    /// <summary>Creates Muon over parameter groups (unset group options take these defaults).</summary>
    public Muon(IEnumerable<ParamGroup> groups, double lr = 0.02, double momentum = 0.95, bool nesterov = true,
        double weightDecay = 0, NewtonSchulzKind newtonSchulz = NewtonSchulzKind.Quintic5, MuonScale scale = MuonScale.ShapeRatio)
    {
        var options = new Options
        {
            LearningRate = lr, InitialLearningRate = lr, Momentum = momentum, Nesterov = nesterov,
            WeightDecay = weightDecay, NewtonSchulz = newtonSchulz, Scale = scale,
        };
        options.Validate();
        Initialize(options, groups);
    }

    /// <summary>Label of the variant for outputs, e.g. "Muon (Quintic5, scale sqrt(max(1,m/n)), nesterov)".</summary>
    public string Label
    {
        get
        {
            var o = (Options)_defaults;
            return $"Muon ({o.NewtonSchulz}, scale {MuonScales.Label(o.Scale!.Value)}{(o.Nesterov == true ? ", nesterov" : "")})";
        }
    }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var o = group.Options;
        double lr = o.LearningRate!.Value, beta = o.Momentum!.Value, wd = o.WeightDecay!.Value;
        foreach (var (param, grad, state) in WithGradients(group.Parameters))
        {
            var u = MuonMath.Momentum(state.Buffers[0], grad, beta, o.Nesterov!.Value);
            MuonMath.Apply(param, MuonMath.MuonDirection(u, o.NewtonSchulz!.Value, o.Scale!.Value), lr, wd);
        }
    }, closure)!;

    /// <inheritdoc />
    public override void add_param_group(TorchSharp.Modules.ParamGroup paramGroup)
    {
        var def = (Options)_defaults;
        paramGroup.Options ??= new Options();
        var opt = (Options)paramGroup.Options;
        opt.LearningRate ??= def.LearningRate;
        opt.Momentum ??= def.Momentum;
        opt.Nesterov ??= def.Nesterov;
        opt.WeightDecay ??= def.WeightDecay;
        opt.NewtonSchulz ??= def.NewtonSchulz;
        opt.Scale ??= def.Scale;
        opt.InitialLearningRate = opt.LearningRate!.Value;
        opt.Validate();
        Register(paramGroup, OptimGuard.Matrices(paramGroup.Parameters, "Muon"), p => new BufferState(p, new[] { p.shape[0], p.numel() / p.shape[0] }));
    }
}
