using HessianLab.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Preconditioners;

/// <summary>Which Kronecker form equals the actual Muon update on θ = vec_row(M): relative errors of each candidate.</summary>
/// <param name="Layer">Weight name.</param>
/// <param name="Rows">m.</param>
/// <param name="Cols">n.</param>
/// <param name="RowMajorTalkForm">‖(I_m ⊗ (MᵀM)^{-1/2}) vec_row(M) − vec_row(polar(M))‖ / ‖vec_row(polar(M))‖.</param>
/// <param name="RowMajorLeftForm">Same for ((MMᵀ)^{-1/2} ⊗ I_n).</param>
/// <param name="SwappedOrder">Same for ((MᵀM)^{-1/2} ⊗ I_m), the column-major (vec_col) order applied to vec_row(M).</param>
/// <param name="QuinticVsPolar">‖NS₅(M) − polar(M)‖/‖polar(M)‖: how far Muon's default quintic is from the exact polar factor.</param>
/// <param name="Polar12VsPolar">Same for the 12-step variant.</param>
public sealed record KroneckerOrderCheck(string Layer, long Rows, long Cols, double RowMajorTalkForm, double RowMajorLeftForm,
    double SwappedOrder, double QuinticVsPolar, double Polar12VsPolar)
{
    /// <summary>Runs the check on the momentum matrix M of a layer.</summary>
    public static KroneckerOrderCheck Run(string layer, Tensor mom)
    {
        using var scope = torch.NewDisposeScope();
        long m = mom.shape[0], n = mom.shape[1];
        var polar = MuonMath.PolarFactor(mom).reshape(-1);
        var vec = mom.reshape(-1);
        var right = PreconditionerFactory.SymPower(mom.t().matmul(mom), -0.5);
        var left = PreconditionerFactory.SymPower(mom.matmul(mom.t()), -0.5);
        double Rel(Tensor x) => (x - polar).norm().item<double>() / polar.norm().item<double>();
        double talk = Rel(torch.kron(eye(m, dtype: mom.dtype), right).matmul(vec));
        double leftForm = Rel(torch.kron(left, eye(n, dtype: mom.dtype)).matmul(vec));
        double swapped = Rel(torch.kron(right, eye(m, dtype: mom.dtype)).matmul(vec));
        double q5 = Rel(NewtonSchulz.Orthogonalize(mom, NewtonSchulzKind.Quintic5).reshape(-1));
        double p12 = Rel(NewtonSchulz.Orthogonalize(mom, NewtonSchulzKind.Polar12).reshape(-1));
        return new(layer, m, n, talk, leftForm, swapped, q5, p12);
    }
}
