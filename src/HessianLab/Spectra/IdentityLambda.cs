using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Spectra;

/// <summary>Λ = I: A = (1/n) X Xᵀ, the Marchenko–Pastur case.</summary>
public sealed class IdentityLambda : ILambdaSource
{
    /// <inheritdoc />
    public string Name => "identity";

    /// <inheritdoc />
    public bool DependsOnX => false;

    /// <inheritdoc />
    public Tensor Diagonal(Tensor x, Generator generator) =>
        torch.ones(new[] { x.shape[0], x.shape[2] }, x.dtype, x.device);
}
