using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Spectra;

/// <summary>An independent copy of another source: Λ' is computed from a fresh X' with the same law as X,
/// so Λ' has the marginal law of the dependent Λ but is independent of the X it multiplies.</summary>
/// <param name="Inner">The (usually X-dependent) source to copy.</param>
public sealed record IndependentCopyLambda(ILambdaSource Inner) : ILambdaSource
{
    /// <inheritdoc />
    public string Name => Inner.Name + "-independent-copy";

    /// <inheritdoc />
    public bool DependsOnX => false;

    /// <inheritdoc />
    public Tensor Diagonal(Tensor x, Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var fresh = torch.randn(x.shape, x.dtype, generator: generator).to(x.device);
        return Inner.Diagonal(fresh, generator).MoveToOuterDisposeScope();
    }
}
