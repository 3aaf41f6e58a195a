namespace HessianLab.Problems;

/// <summary>How a problem's Hessian pictures are drawn: the colormap and vmax = max|H| / k for the full matrix and for
/// each diagonal layer block (the authors' <c>visual_degree</c> and <c>visual_degree_block_hessian</c>).</summary>
/// <param name="Colormap">Colormap name ("viridis", or "cividis" as in the authors' code).</param>
/// <param name="FullVmaxDivisor">k for the full matrix (authors: 100).</param>
/// <param name="LayerVmaxDivisors">k for layer block 1, 2, … (authors: 10 for H_WW, 100 for H_VV); the last value
/// is used for deeper layers.</param>
/// <param name="CrossVmaxDivisor">k for the off-diagonal layer blocks such as H_WV (10).</param>
public sealed record PictureConventions(string Colormap, double FullVmaxDivisor, IReadOnlyList<double> LayerVmaxDivisors, double CrossVmaxDivisor = 10)
{
    /// <summary>The authors' conventions: cividis, max/100 full, max/10 and max/100 for the layer blocks.</summary>
    public static PictureConventions Paper { get; } = new("cividis", 100, new[] { 10.0, 100.0 });

    /// <summary>HessianLab's defaults: the same divisors in viridis.</summary>
    public static PictureConventions Default { get; } = new("viridis", 100, new[] { 10.0, 100.0 });

    /// <summary>k for diagonal layer block <paramref name="layer"/> (0-based).</summary>
    public double LayerDivisor(int layer) =>
        LayerVmaxDivisors.Count == 0 ? FullVmaxDivisor : LayerVmaxDivisors[Math.Min(layer, LayerVmaxDivisors.Count - 1)];
}
