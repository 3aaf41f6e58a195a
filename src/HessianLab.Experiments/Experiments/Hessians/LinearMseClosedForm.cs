using HessianLab.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Hessians;

/// <summary>E4's check of the linear model under MSE: H = (2/C) I_C ⊗ (1/N) XᵀX (PyTorch's MSELoss averages over N·C
/// entries), so every diagonal d × d block is (2/C)·XᵀX/N and every off-diagonal block is exactly zero.</summary>
/// <remarks>Both numbers are maxima, so they are computed block-wise without building the P × P closed form, H minus it,
/// or |H| (each a fresh matrix as large as H: 12 s of E4's 18 s at C = 400, P = 8,000): the off-diagonal blocks'
/// max |H| from per-block max and min over the (C, d, C, d) view, the diagonal blocks against the d × d closed form.
/// Maxima are exact, so the numbers equal the dense computation's bit for bit.</remarks>
internal static class LinearMseClosedForm
{
    /// <summary>The check's result.</summary>
    /// <param name="MaxAbs">max |H|.</param>
    /// <param name="RelativeDifference">max |H − (2/C) I ⊗ XᵀX/N| / max |H|.</param>
    /// <param name="RelativeOffBlock">max |entry outside the C diagonal d × d blocks| / max |H|.</param>
    public readonly record struct Result(double MaxAbs, double RelativeDifference, double RelativeOffBlock);

    /// <summary>Compares the Hessian <paramref name="h"/> (P × P, P = C·d, weight rows in neuron order) of
    /// y = W x under MSE with its closed form for inputs <paramref name="x"/> (N × d).</summary>
    /// <exception cref="ArgumentException">The shapes do not fit P = C·d.</exception>
    public static Result Compare(Tensor h, Tensor x, int classes)
    {
        long n = x.shape[0], d = x.shape[1], p = classes * d;
        if (h.dim() != 2 || h.shape[0] != p || h.shape[1] != p)
            throw new ArgumentException($"expected a {p} × {p} Hessian for C = {classes}, d = {d}, got [{string.Join(",", h.shape)}]");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        double max = Extremes.Of(h).MaxAbs;
        // blocks[i, a, j, b] = H[i·d + a, j·d + b]; per-block max |H| = max(max, −min) over (a, b).
        var blocks = h.view(classes, d, classes, d);
        var blockMaxAbs = torch.maximum(blocks.amax(new long[] { 1, 3 }), blocks.amin(new long[] { 1, 3 }).neg());
        blockMaxAbs.diagonal().zero_();
        double offBlock = classes > 1 ? blockMaxAbs.max().item<double>() : 0;
        // diagonal(0, 0, 2)[a, b, i] = H[i·d + a, i·d + b]; the closed form's block is ((XᵀX)/N)·(2/C), formed as the
        // dense kron(I_C, XᵀX/N)·(2/C) forms it.
        var expected = x.t().matmul(x) / n * (2.0 / classes);
        double onBlock = (blocks.diagonal(0, 0, 2) - expected.unsqueeze(2)).abs().max().item<double>();
        return new Result(max, Math.Max(onBlock, offBlock) / max, offBlock / max);
    }
}
