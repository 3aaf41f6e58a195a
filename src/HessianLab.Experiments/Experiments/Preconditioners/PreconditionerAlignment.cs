using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Preconditioners;

/// <summary>The numbers E10 reports for a preconditioner P and an exact Hessian block H of an m × n weight (θ row-major,
/// neuron i = entries i·n … i·n + n − 1).</summary>
/// <remarks>
/// Conditioning: eigenvalues μ₁ ≥ … ≥ μ_{P_l} of P^{1/2} H₊ P^{1/2} (H₊ the positive part), reported per cut-off c as
/// <see cref="CutoffConditioning"/>. Alignment: the share of ‖P‖²_F in the neuron diagonal blocks, and per neuron
/// ‖s (P H)_ii − I‖_F/√n with (P H)_ii = Σ_j P_ij H_ji (cross-neuron terms included) and one scale s for the layer
/// (least squares; a step size multiplies any P). 0 means P inverts every neuron block of H exactly.
/// </remarks>
public static class PreconditionerAlignment
{
    /// <summary>Σ_i ‖M_ii‖²_F / ‖M‖²_F for the m neuron blocks of size n.</summary>
    public static double NeuronShare(Tensor mat, long m, long n)
    {
        using var scope = torch.NewDisposeScope();
        var blocks = mat.reshape(m, n, m, n).diagonal(0, 0, 2);
        return (blocks.square().sum() / mat.square().sum()).item<double>();
    }

    /// <summary>(mean, max, s) of ‖s (P H)_ii − I‖_F/√n over neurons.</summary>
    public static (double Mean, double Max, double Scale) BlockResidual(Tensor p, Tensor h, long m, long n)
    {
        using var scope = torch.NewDisposeScope();
        long size = m * n;
        var b = p.reshape(m, n, size).bmm(h.reshape(size, m, n).permute(1, 0, 2));       // (P H)_ii, (m, n, n)
        double s = (b.diagonal(0, 1, 2).sum() / b.square().sum()).item<double>();
        var res = (b * s - eye(n, dtype: b.dtype).unsqueeze(0)).square().sum(new long[] { 1, 2 }).sqrt() / Math.Sqrt(n);
        return (res.mean().item<double>(), res.max().item<double>(), s);
    }

    /// <summary>Conditioning at each cut-off from the eigenvalues μ (any order) of P^{1/2} H₊ P^{1/2}.</summary>
    public static IReadOnlyList<CutoffConditioning> Conditioning(double[] mu, IReadOnlyList<double> cutoffs)
    {
        var desc = mu.OrderByDescending(x => x).ToArray();
        double top = desc[0];
        if (!(top > 0)) throw new ArgumentException("P^1/2 H+ P^1/2 has no positive eigenvalue", nameof(mu));
        return cutoffs.Select(c =>
        {
            int r = desc.Count(x => x > c * top);
            return new CutoffConditioning(c, r, top / desc[r - 1], top / Math.Max(desc[^1], c * top));
        }).ToList();
    }

    /// <summary>Eigenvalues of P^{1/2} H₊ P^{1/2} (descending).</summary>
    public static double[] Spectrum(Tensor hPlus, PreconditionerMatrix p)
    {
        using var scope = torch.NewDisposeScope();
        var d = p.Sqrt.diag();
        bool diagonal = (p.Sqrt - diag(d)).abs().max().item<double>() == 0;          // Adam, Adam-mini: O(P²), not O(P³)
        var a = diagonal ? d.unsqueeze(1) * hPlus * d.unsqueeze(0) : p.Sqrt.matmul(hPlus).matmul(p.Sqrt);
        return linalg.eigvalsh((a + a.t()) * 0.5).flip(0).data<double>().ToArray();
    }
}
