using HessianLab.Models;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Beyond;

/// <summary>A smooth objective f(θ) of a flat parameter vector, with the block partition its Hessian is judged under
/// (E14): θ is laid out like the weights of an MLP with <see cref="Widths"/> (rows of W_1, W_2, … in order), so one
/// "neuron block" is one row of one matrix, whatever the objective is.</summary>
/// <param name="Name">Short name, e.g. "rosenbrock".</param>
/// <param name="Family">"neural net", "deep linear" or "classical".</param>
/// <param name="Widths">The widths whose MLP layout gives the partition (P = Σ d_l d_{l−1}).</param>
/// <param name="Value">f(θ) as a scalar tensor with graph (θ is a float64 vector of length P).</param>
/// <param name="Point">Where the Hessian is taken (float64, length P).</param>
public sealed record Objective(string Name, string Family, IReadOnlyList<int> Widths, Func<Tensor, Tensor> Value, Tensor Point)
{
    /// <summary>The θ layout (no biases).</summary>
    public ParameterLayout Layout => ParameterLayout.ForMlp(Widths, bias: false);

    /// <summary>W_l (1-based) as a (d_l × d_{l−1}) view of θ.</summary>
    public static Tensor Matrix(Tensor theta, IReadOnlyList<int> widths, int l)
    {
        long offset = 0;
        for (int k = 1; k < l; k++) offset += (long)widths[k] * widths[k - 1];
        return theta.narrow(0, offset, (long)widths[l] * widths[l - 1]).reshape(widths[l], widths[l - 1]);
    }

    /// <summary>The product W_L ⋯ W_1 (d_L × d_0).</summary>
    public static Tensor Product(Tensor theta, IReadOnlyList<int> widths)
    {
        var p = Matrix(theta, widths, 1);
        for (int l = 2; l < widths.Count; l++) p = Matrix(theta, widths, l).matmul(p);
        return p;
    }
}
