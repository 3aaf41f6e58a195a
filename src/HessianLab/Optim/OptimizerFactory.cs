using HessianLab.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Optim;

/// <summary>The one optimizer factory: builds AdamW, Adam-mini, Muon, NorMuon or Shampoo for any model from its
/// <see cref="OptimizerRules"/>, with the routing table and a label naming the variant.</summary>
public static class OptimizerFactory
{
    /// <summary>For an <see cref="Mlp"/> (<see cref="OptimizerRules.ForMlp"/>).</summary>
    public static (optim.Optimizer Optimizer, IReadOnlyList<IReadOnlyList<string>> Routing, string Label) ForMlp(Mlp model, OptimizerSettings s) =>
        Create(s, OptimizerRules.ForMlp(model, s.OutputLayerToAdamW));

    /// <summary>The optimizer, the routing (parameter → optimizer) as a table with header, and a label naming the variant.
    /// Defaults where <paramref name="s"/> leaves them open: AdamW lr 1e-3 wd 0.01, Adam-mini lr 1e-3 wd 0,
    /// Muon/NorMuon lr 0.02 wd 0, Shampoo lr 0.01 wd 0.</summary>
    public static (optim.Optimizer Optimizer, IReadOnlyList<IReadOnlyList<string>> Routing, string Label) Create(OptimizerSettings s, OptimizerRules rules)
    {
        var named = rules.Parameters;
        switch (s.Kind)
        {
            case OptimizerKind.AdamW:
            {
                var opt = new AdamWOptimizer(named.Select(n => n.P), lr: s.LearningRate ?? 1e-3, weightDecay: s.WeightDecay ?? 0.01);
                var routes = named.Select(n => new RouteEntry(n.Name, n.P, RouteTarget.AdamW, "all parameters")).ToList();
                return (opt, ParameterRouting.ToTable(routes, "-", "AdamW"), opt.Label);
            }
            case OptimizerKind.AdamMini:
            {
                var part = rules.AdamMiniBlocks();
                var opt = new AdamMini(part, lr: s.LearningRate ?? 1e-3, weightDecay: s.WeightDecay ?? 0);
                var table = new List<IReadOnlyList<string>> { new[] { "parameter", "shape", "numel", "optimizer", "blocks" } };
                foreach (var e in part.Entries)
                    table.Add(new[] { e.Name, string.Join("x", e.Parameter.shape), e.Parameter.numel().ToString(System.Globalization.CultureInfo.InvariantCulture),
                        "Adam-mini", $"{e.Rule} ({e.BlockCount})" });
                return (opt, table, opt.Label);
            }
            case OptimizerKind.Shampoo:
            {
                var opt = new Shampoo(named.Select(n => n.P), lr: s.LearningRate ?? 0.01, weightDecay: s.WeightDecay ?? 0, updateInterval: s.ShampooInterval);
                var routes = named.Select(n => new RouteEntry(n.Name, n.P, RouteTarget.Matrix,
                    n.P.dim() >= 2 ? "Kronecker factors L, R" : "rank 1: diagonal AdaGrad fallback")).ToList();
                return (opt, ParameterRouting.ToTable(routes, "Shampoo", "-"), opt.Label);
            }
            default:
            {
                var routes = rules.MuonRoutes();
                var matrixParams = routes.Where(r => r.Target == RouteTarget.Matrix).Select(r => r.Parameter).ToList();
                var auxParams = routes.Where(r => r.Target == RouteTarget.AdamW).Select(r => r.Parameter).ToList();
                double lr = s.LearningRate ?? 0.02, wd = s.WeightDecay ?? 0;
                OptimizerHelper matrix; string matrixLabel;
                if (s.Kind == OptimizerKind.Muon)
                {
                    var mu = new Muon(matrixParams, lr: lr, weightDecay: wd, newtonSchulz: s.NewtonSchulz, scale: s.Scale);
                    matrix = mu; matrixLabel = mu.Label;
                }
                else
                {
                    var nm = new NorMuon(matrixParams, lr: lr, weightDecay: wd, stepRule: s.StepRule, newtonSchulz: s.NewtonSchulz, scale: s.Scale);
                    matrix = nm; matrixLabel = nm.Label;
                }
                var a = s.Aux ?? new AuxAdamWSettings();
                var aux = auxParams.Count > 0 ? new AdamWOptimizer(auxParams, a.LearningRate, a.Beta1, a.Beta2, a.Eps, a.WeightDecay) : null;
                string label = $"{matrixLabel} lr {lr:G3} + aux {a}";
                return (new RoutedOptimizer(matrix, aux, routes, label), ParameterRouting.ToTable(routes, s.Kind.ToString(), "aux AdamW"), label);
            }
        }
    }
}
