using TorchSharp.Modules;

namespace HessianLab.Optim;

/// <summary>What a model tells the optimizer factory: its parameters by name, which of them Muon/NorMuon
/// orthogonalize (the rest go to their AdamW part), and Adam-mini's blocks. One rule set per kind of model — the
/// MLP's (<see cref="ForMlp"/>), any module's (<see cref="ForModule"/>), a Transformer's (built by its package) — and
/// one factory (<see cref="OptimizerFactory.Create"/>) for all of them.</summary>
/// <param name="Parameters">Every trainable parameter with its name, in the order the optimizers take them.</param>
/// <param name="MuonRoutes">Routing for Muon/NorMuon (built when needed).</param>
/// <param name="AdamMiniBlocks">Adam-mini's partition (built when needed).</param>
public sealed record OptimizerRules(IReadOnlyList<(string Name, Parameter P)> Parameters,
    Func<IReadOnlyList<RouteEntry>> MuonRoutes, Func<AdamMiniPartition> AdamMiniBlocks)
{
    /// <summary>An MLP: W1…WL (and b1…bL); Muon on the hidden weights, the output layer to AdamW unless
    /// <paramref name="outputLayerToAdamW"/> is false; Adam-mini one block per output neuron (row).</summary>
    public static OptimizerRules ForMlp(Models.Mlp model, bool outputLayerToAdamW = true)
    {
        var named = new List<(string Name, Parameter P)>();
        for (int l = 1; l <= model.Spec.Depth; l++)
        {
            named.Add(($"W{l}", model.Weight(l)));
            if (model.Bias(l) is { } b) named.Add(($"b{l}", b));
        }
        return new OptimizerRules(named, () => ParameterRouting.ForMlp(model, outputLayerToAdamW), () => AdamMiniPartition.ForMlp(model));
    }

    /// <summary>Any module: <see cref="ModuleRouting.Default"/> for Muon/NorMuon and <paramref name="adamMini"/>
    /// (e.g. <see cref="AdamMiniRules"/> with name patterns) for Adam-mini — an uncovered parameter is an error there.</summary>
    public static OptimizerRules ForModule(TorchSharp.torch.nn.Module module, Func<AdamMiniPartition>? adamMini = null) =>
        new(module.named_parameters().Where(np => np.parameter.requires_grad).Select(np => (np.name, np.parameter)).ToList(),
            () => ModuleRouting.Default(module),
            adamMini ?? (() => throw new ArgumentException("Adam-mini needs explicit block rules for this module (AdamMiniRules)", nameof(adamMini))));
}
