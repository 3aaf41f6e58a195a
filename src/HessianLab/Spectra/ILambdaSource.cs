using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Spectra;

/// <summary>Where the diagonal Λ of A = (1/n) X Λ Xᵀ comes from, for a batch of draws.</summary>
public interface ILambdaSource
{
    /// <summary>Short name for files and tables (e.g. "identity", "linear-softmax").</summary>
    string Name { get; }

    /// <summary>Whether Λ is computed from the same X (the dependent case of the talk).</summary>
    bool DependsOnX { get; }

    /// <summary>The diagonals of Λ, shape (B, n), for the batch X of shape (B, d, n) (columns are samples x_i).</summary>
    /// <param name="x">The data of each draw.</param>
    /// <param name="generator">Seeded generator for anything random (weights, independent draws).</param>
    Tensor Diagonal(Tensor x, Generator generator);
}
