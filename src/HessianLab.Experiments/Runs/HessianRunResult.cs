namespace HessianLab.Runs;

/// <summary>What a Hessian run measured and wrote.</summary>
/// <param name="Parameters">P.</param>
/// <param name="Loss">Loss at which the Hessian was taken.</param>
/// <param name="Method">The method actually used ("exact" or "autograd").</param>
/// <param name="Seconds">Wall-clock seconds per phase (data, train, hessian, write, plots).</param>
/// <param name="LayerNorms">Frobenius norm of every layer block (l, k).</param>
/// <param name="Files">Files written.</param>
/// <param name="Structure">Structure metrics (ρ per layer, block-diagonal share, cross-layer shares).</param>
public sealed record HessianRunResult(long Parameters, double Loss, string Method,
    IReadOnlyDictionary<string, double> Seconds, IReadOnlyList<LayerBlockNorm> LayerNorms, IReadOnlyList<string> Files,
    Structure.StructureMetrics Structure);

/// <summary>‖H_{W_l W_k}‖_F.</summary>
public sealed record LayerBlockNorm(string Row, string Column, double Frobenius);
