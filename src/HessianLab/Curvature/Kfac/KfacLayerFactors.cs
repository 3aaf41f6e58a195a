using static TorchSharp.torch;

namespace HessianLab.Curvature.Kfac;

/// <summary>K-FAC's two factors of one layer: its curvature block ≈ G ⊗ A on θ's row-major order.</summary>
/// <param name="Layer">1-based layer l.</param>
/// <param name="A">c × c, A = (1/N) Σ_n ã_{l−1} ã_{l−1}ᵀ (input activations, with a trailing 1 when the layer has a bias).</param>
/// <param name="G">d × d, the output-side factor (see <see cref="KfacFisher"/>).</param>
public sealed record KfacLayerFactors(int Layer, Tensor A, Tensor G);
