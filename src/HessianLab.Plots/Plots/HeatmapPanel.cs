using static TorchSharp.torch;

namespace HessianLab.Plots;

/// <summary>One heatmap of a multi-panel figure (<see cref="MatrixHeatmap.SavePanels"/>).</summary>
/// <param name="Matrix">The matrix whose |entries| are drawn.</param>
/// <param name="Options">Title, scale, grid; its Width/Height are replaced by the figure's panel size.</param>
public sealed record HeatmapPanel(Tensor Matrix, HeatmapOptions Options);
