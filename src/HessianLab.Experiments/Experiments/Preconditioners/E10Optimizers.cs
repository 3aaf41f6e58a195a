using HessianLab.Curvature.Kfac;
using HessianLab.Data;
using HessianLab.Models;
using HessianLab.Optim;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Preconditioners;

/// <summary>E10's seven optimizers on the talk's net (no biases) and, for each, the preconditioner it applies to one
/// weight matrix, read from its own state.</summary>
/// <remarks>
/// Adam: AdamW with wd 0; P = diag(1/(√v̂ + 1e-8)), v̂ = v/(1 − 0.999ᵗ). Adam-mini (one block per neuron):
/// P = blockdiag_i(1/(√v̂_i + 1e-8) I_n). Muon and NorMuon on every weight (the output layer included, so its
/// preconditioner exists; no auxiliary AdamW is needed without biases): P = I_m ⊗ (MᵀM)^{+1/2} with M Muon's own momentum
/// buffer, and diag(1/(√v_i + 1e-10)) ⊗ (MᵀM)^{+1/2} with NorMuon's own M and per-row v. Shampoo:
/// P = (L + εI)^{−1/4} ⊗ (R + εI)^{−1/4} from its accumulated L, R (roots recomputed at the point). K-FAC:
/// P = (G ⊗ A + λI)^{−1} with the factors of its last update. Block Newton: P = blockdiag_i((|H_ii| + λI)^{−1}) of the
/// exact block at the point.
/// </remarks>
public static class E10Optimizers
{
    /// <summary>The optimizers in report order.</summary>
    public static readonly string[] Names = { "Adam", "Adam-mini", "Muon", "NorMuon", "Shampoo", "K-FAC", "block Newton" };

    /// <summary>Builds optimizer <paramref name="name"/> for <paramref name="model"/> at rate <paramref name="lr"/>.</summary>
    public static optim.Optimizer Create(string name, Mlp model, Dataset data, E10Config cfg, double lr)
    {
        var weights = model.Weights.ToList();
        return name switch
        {
            "Adam" => new Optim.AdamWOptimizer(model.parameters(), lr, 0.9, 0.999, 1e-8, weightDecay: 0),
            "Adam-mini" => new AdamMini(AdamMiniPartition.ForMlp(model), lr: lr),
            "Muon" => new Optim.Muon(weights, lr: lr),
            "NorMuon" => new NorMuon(weights, lr: lr),
            "Shampoo" => new Shampoo(model.parameters(), lr: lr, updateInterval: cfg.ShampooInterval),
            "K-FAC" => new KfacDescent(model, data, cfg.Loss, KfacFisher.Ggn, lr, cfg.KfacDamping, cfg.CurvatureInterval),
            "block Newton" => new NeuronBlockNewton(model, data, cfg.Loss, lr, cfg.NewtonDamping, cfg.CurvatureInterval),
            _ => throw new ArgumentException($"unknown optimizer '{name}'; use {string.Join(", ", Names)}", nameof(name)),
        };
    }

    /// <summary>The preconditioner optimizer <paramref name="name"/> applies to W_l (1-based) at its current state;
    /// <paramref name="hBlock"/> is the exact layer block at the same weights (used by block Newton only).</summary>
    public static PreconditionerMatrix Preconditioner(string name, optim.Optimizer opt, Mlp model, int l, Tensor hBlock, E10Config cfg)
    {
        long m = model.Weight(l).shape[0], n = model.Weight(l).shape[1];
        switch (name)
        {
            case "Adam":
            {
                var s = State(opt, l);
                return PreconditionerFactory.Adam(s.Buffers[1].to(ScalarType.Float64).reshape(m, n) / (1 - Math.Pow(0.999, s.Step)), 1e-8);
            }
            case "Adam-mini":
            {
                var s = State(opt, l);
                return PreconditionerFactory.AdamMiniBlocks(s.Buffers[1].to(ScalarType.Float64) / (1 - Math.Pow(0.999, s.Step)), n, 1e-8);
            }
            case "Muon":
                return PreconditionerFactory.Muon(State(opt, l).Buffers[0].to(ScalarType.Float64).reshape(m, n));
            case "NorMuon":
            {
                var s = State(opt, l);
                return PreconditionerFactory.NorMuonState(s.Buffers[0].to(ScalarType.Float64).reshape(m, n), s.Buffers[1].to(ScalarType.Float64), 1e-10);
            }
            case "Shampoo":
            {
                var s = State(opt, l);
                return PreconditionerFactory.Shampoo(s.Buffers[0].to(ScalarType.Float64), s.Buffers[1].to(ScalarType.Float64), 1e-8);
            }
            case "K-FAC":
            {
                var op = ((KfacDescent)opt).Operator ?? throw new InvalidOperationException("K-FAC has not taken a step");
                return new("K-FAC", $"(G kron A + {cfg.KfacDamping:G3} I)^-1, GGN factors of its last update", op.LayerInverse(l), op.LayerPower(l, -0.5));
            }
            case "block Newton":
                return new("block Newton", $"blockdiag_i((|H_ii| + {cfg.NewtonDamping:G3} I)^-1), exact blocks at the point",
                    NeuronBlockNewton.DensePower(hBlock, m, n, cfg.NewtonDamping, -1), NeuronBlockNewton.DensePower(hBlock, m, n, cfg.NewtonDamping, -0.5));
            default:
                throw new ArgumentException($"unknown optimizer '{name}'", nameof(name));
        }
    }

    private static BufferState State(optim.Optimizer opt, int l) => ((OptimizerHelper)opt).state_dict().State.Cast<BufferState>().ElementAt(l - 1);
}
