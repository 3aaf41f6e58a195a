using HessianLab.Models;
using static TorchSharp.torch;

namespace HessianLab.Structure;

/// <summary>The structure metrics of one Hessian (docs/hessian-math.md, "Structure metrics"); serializes to the
/// <c>structure</c> section of metrics.json and prints as table rows (<see cref="LayerTable"/>, <see cref="PairTable"/>).</summary>
/// <param name="Dimension">P.</param>
/// <param name="FrobeniusNorm">‖H‖_F.</param>
/// <param name="Blocks">Number of blocks of the (neuron) partition.</param>
/// <param name="BlockDiagonalShare">Σ_I ‖H_II‖_F² / ‖H‖_F² over the neuron blocks.</param>
/// <param name="LayerDiagonalShare">Σ_l ‖H_ll‖_F² / ‖H‖_F² over the layer blocks.</param>
/// <param name="Layers">Per layer: ρ and shares.</param>
/// <param name="LayerPairs">Per off-diagonal layer block (l &lt; k): norms and shares, split into GGN and residual parts when given.</param>
public sealed partial record StructureMetrics(long Dimension, double FrobeniusNorm, int Blocks,
    double BlockDiagonalShare, double LayerDiagonalShare,
    IReadOnlyList<LayerStructure> Layers, IReadOnlyList<LayerPairShare> LayerPairs)
{
    /// <summary>Computes the metrics of <paramref name="h"/> (see <see cref="StructureAnalysis"/>).</summary>
    public static StructureMetrics Compute(Tensor h, ParameterLayout layout, BlockPartition? blocks = null,
        Tensor? ggn = null, Tensor? residual = null) =>
        StructureAnalysis.Analyze(h, layout, blocks, ggn, residual).Metrics;

    /// <summary>The layer with this name (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public LayerStructure Layer(string name) =>
        Layers.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"no layer '{name}'; layers: {string.Join(", ", Layers.Select(l => l.Name))}");

    /// <summary>The off-diagonal layer block between two layers (either order).</summary>
    /// <exception cref="ArgumentException">No such pair.</exception>
    public LayerPairShare Pair(string a, string b) =>
        LayerPairs.FirstOrDefault(p => (Eq(p.Row, a) && Eq(p.Column, b)) || (Eq(p.Row, b) && Eq(p.Column, a)))
        ?? throw new ArgumentException($"no layer pair {a}–{b}");

    private static bool Eq(string x, string y) => string.Equals(x, y, StringComparison.OrdinalIgnoreCase);
}
