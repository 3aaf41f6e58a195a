using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace HessianLab.Optim;

/// <summary>Muon and NorMuon for a whole module, like <c>torch.optim</c> constructors: the parameters are routed by
/// <see cref="ModuleRouting.Default"/> (or a given routing) and the AdamW part is created here, so a training loop
/// needs one optimizer object (<see cref="RoutedOptimizer"/>: <c>zero_grad()</c>, <c>step()</c>, learning-rate schedules).</summary>
public static class ModuleOptimizers
{
    /// <summary>Muon on the hidden 2-D weights of <paramref name="module"/>, AdamW on the rest.</summary>
    /// <param name="module">Any module.</param>
    /// <param name="lr">Muon's learning rate (default 0.02).</param>
    /// <param name="momentum">Muon's β (default 0.95).</param>
    /// <param name="weightDecay">Muon's decoupled weight decay (default 0).</param>
    /// <param name="aux">The AdamW part (default lr 3e-4, betas (0.9, 0.95), eps 1e-10, no decay).</param>
    /// <param name="routes">A routing to use instead of <see cref="ModuleRouting.Default"/> (e.g. with overrides).</param>
    public static RoutedOptimizer Muon(nn.Module module, double lr = 0.02, double momentum = 0.95, double weightDecay = 0,
        AuxAdamWSettings? aux = null, IReadOnlyList<RouteEntry>? routes = null)
    {
        routes ??= ModuleRouting.Default(module);
        var matrix = new Muon(Matrices(routes), lr: lr, momentum: momentum, weightDecay: weightDecay);
        return Combine(matrix, matrix.Label, lr, aux, routes);
    }

    /// <summary>NorMuon on the hidden 2-D weights of <paramref name="module"/>, AdamW on the rest.</summary>
    /// <param name="module">Any module.</param>
    /// <param name="lr">NorMuon's learning rate (default 0.02).</param>
    /// <param name="momentum">β₁ (default 0.95).</param>
    /// <param name="beta2">β₂ of the per-neuron second moment (default 0.95).</param>
    /// <param name="weightDecay">Decoupled weight decay (default 0).</param>
    /// <param name="aux">The AdamW part (default lr 3e-4, betas (0.9, 0.95), eps 1e-10, no decay).</param>
    /// <param name="routes">A routing to use instead of <see cref="ModuleRouting.Default"/>.</param>
    public static RoutedOptimizer NorMuon(nn.Module module, double lr = 0.02, double momentum = 0.95, double beta2 = 0.95,
        double weightDecay = 0, AuxAdamWSettings? aux = null, IReadOnlyList<RouteEntry>? routes = null)
    {
        routes ??= ModuleRouting.Default(module);
        var matrix = new NorMuon(Matrices(routes), lr: lr, momentum: momentum, beta2: beta2, weightDecay: weightDecay);
        return Combine(matrix, matrix.Label, lr, aux, routes);
    }

    private static List<Parameter> Matrices(IReadOnlyList<RouteEntry> routes) =>
        routes.Where(r => r.Target == RouteTarget.Matrix).Select(r => r.Parameter).ToList();

    private static RoutedOptimizer Combine(OptimizerHelper matrix, string matrixLabel, double lr, AuxAdamWSettings? aux, IReadOnlyList<RouteEntry> routes)
    {
        var a = aux ?? new AuxAdamWSettings();
        var rest = routes.Where(r => r.Target == RouteTarget.AdamW).Select(r => r.Parameter).ToList();
        var adamW = rest.Count > 0 ? new AdamWOptimizer(rest, a.LearningRate, a.Beta1, a.Beta2, a.Eps, a.WeightDecay) : null;
        return new RoutedOptimizer(matrix, adamW, routes, $"{matrixLabel} lr {lr:G3} + aux {a}");
    }
}
