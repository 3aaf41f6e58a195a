using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Optim;

/// <summary>NorMuon: Muon plus one second moment per neuron (row), an Adam-mini idea on top of orthogonalization.</summary>
/// <remarks>
/// Per step, for a weight W (m × n): M = β₁ M + (1−β₁) G; U = Nesterov ? lerp(G, M, β₁) : M; O = NS(U);
/// v = β₂ v + (1−β₂) mean_cols(O ⊙ O) (one float32/64 value per row); then
/// <see cref="NorMuonStepRule.Code"/> (default, the official code): Ô = O/(√v + ε), Ô ·= ‖O‖_F/(‖Ô‖_F + ε), Ô ·= scale(m, n), W −= lr·Ô;
/// <see cref="NorMuonStepRule.Paper"/>: Ô = O/(√v + ε), W −= (0.2·lr·√(mn)/‖Ô‖_F)·Ô;
/// <see cref="NorMuonStepRule.Benchmark"/> (modded-nanogpt): v per entry of the longer side, Ô = O·rsqrt(max(v, ε)),
/// rescale to ‖O‖_F, scale(m, n). Weight decay W ·= 1 − lr·wd first.
/// Defaults lr 0.02, β₁ 0.95, β₂ 0.95, ε 1e-10, wd 0, Nesterov (as Muon's reference), quintic NS × 5.
/// Reference: Z. Li, L. Liu, C. Liang, W. Chen, T. Zhao, "NorMuon: Making Muon more efficient and scalable" (2025),
/// and its official code; docs/optimizers.md. The talk's slide writes O ⊙ (√V + ε): the code divides, as here.
/// </remarks>
public sealed partial class NorMuon : BufferedOptimizer
{
    /// <summary>Creates NorMuon over one group of parameters (rank ≥ 2).</summary>
    /// <exception cref="ArgumentException">A hyperparameter out of range, or a parameter of rank &lt; 2.</exception>
    public NorMuon(IEnumerable<Parameter> parameters, double lr = 0.02, double momentum = 0.95, double beta2 = 0.95,
        double eps = 1e-10, bool nesterov = true, double weightDecay = 0, NorMuonStepRule stepRule = NorMuonStepRule.Code,
        NewtonSchulzKind newtonSchulz = NewtonSchulzKind.Quintic5, MuonScale scale = MuonScale.ShapeRatio)
        : this(new[] { new ParamGroup(parameters) }, lr, momentum, beta2, eps, nesterov, weightDecay, stepRule, newtonSchulz, scale)
    {
    }

    /// <summary>Creates NorMuon over parameter groups (unset group options take these defaults).</summary>
    public NorMuon(IEnumerable<ParamGroup> groups, double lr = 0.02, double momentum = 0.95, double beta2 = 0.95,
        double eps = 1e-10, bool nesterov = true, double weightDecay = 0, NorMuonStepRule stepRule = NorMuonStepRule.Code,
        NewtonSchulzKind newtonSchulz = NewtonSchulzKind.Quintic5, MuonScale scale = MuonScale.ShapeRatio)
    {
        var options = new Options
        {
            LearningRate = lr, InitialLearningRate = lr, Momentum = momentum, Beta2 = beta2, Eps = eps, Nesterov = nesterov,
            WeightDecay = weightDecay, StepRule = stepRule, NewtonSchulz = newtonSchulz, Scale = scale,
        };
        options.Validate();
        Initialize(options, groups);
    }

    /// <summary>Label of the variant for outputs, e.g. "NorMuon (code rule: /sqrt(v), restore ‖O‖_F, scale sqrt(max(1,m/n)); Quintic5)".</summary>
    public string Label
    {
        get
        {
            var o = (Options)_defaults;
            string rule = o.StepRule switch
            {
                NorMuonStepRule.Code => $"code rule: /sqrt(v), restore ||O||_F, scale {MuonScales.Label(o.Scale!.Value)}",
                NorMuonStepRule.Benchmark => $"benchmark rule: v along the longer side, rsqrt(max(v, eps)), restore ||O||_F, scale {MuonScales.Label(o.Scale!.Value)}",
                _ => "paper rule: /sqrt(v), lr_hat = 0.2*lr*sqrt(mn)/||O_hat||_F",
            };
            return $"NorMuon ({rule}; {o.NewtonSchulz})";
        }
    }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var o = group.Options;
        double lr = o.LearningRate!.Value, beta1 = o.Momentum!.Value, beta2 = o.Beta2!.Value, wd = o.WeightDecay!.Value;
        foreach (var (param, grad, state) in WithGradients(group.Parameters))
        {
            var v = state.Buffers[1];
            var u = MuonMath.Momentum(state.Buffers[0], grad, beta1, o.Nesterov!.Value);
            var orth = NewtonSchulz.Orthogonalize(u, o.NewtonSchulz!.Value);
            v.lerp_(MuonMath.SecondMomentStatistic(orth, o.StepRule!.Value), 1 - beta2);   // v = β₂ v + (1−β₂) mean(O²) per row (or column)
            MuonMath.Apply(param, MuonMath.NorMuonDirection(orth, v, o.Eps!.Value, o.StepRule!.Value, o.Scale!.Value), lr, wd);
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
        opt.Beta2 ??= def.Beta2;
        opt.Eps ??= def.Eps;
        opt.Nesterov ??= def.Nesterov;
        opt.WeightDecay ??= def.WeightDecay;
        opt.StepRule ??= def.StepRule;
        opt.NewtonSchulz ??= def.NewtonSchulz;
        opt.Scale ??= def.Scale;
        opt.InitialLearningRate = opt.LearningRate!.Value;
        opt.Validate();
        var rule = opt.StepRule!.Value;
        Register(paramGroup, OptimGuard.Matrices(paramGroup.Parameters, "NorMuon"), p =>
        {
            long m = p.shape[0], n = p.numel() / m;
            return new BufferState(p, new[] { m, n }, new[] { MuonMath.PerColumn(rule, m, n) ? n : m });
        });
    }
}
