using HessianLab.Theory;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Spectra;

/// <summary>Λ with i.i.d. diagonal entries drawn from a discrete distribution H, independent of X
/// (the generalized Marchenko–Pastur setting).</summary>
/// <param name="Distribution">H: atoms and weights.</param>
public sealed record IndependentLambda(DiagonalDistribution Distribution) : ILambdaSource
{
    /// <inheritdoc />
    public string Name => "independent";

    /// <inheritdoc />
    public bool DependsOnX => false;

    /// <inheritdoc />
    public Tensor Diagonal(Tensor x, Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var probs = torch.tensor(Distribution.Weights.ToArray(), ScalarType.Float64);
        var atoms = torch.tensor(Distribution.Atoms.ToArray(), ScalarType.Float64);
        long count = x.shape[0] * x.shape[2];
        var idx = torch.multinomial(probs, count, replacement: true, generator: generator);
        return atoms.index_select(0, idx).reshape(x.shape[0], x.shape[2]).to(x.dtype, x.device).MoveToOuterDisposeScope();
    }
}
