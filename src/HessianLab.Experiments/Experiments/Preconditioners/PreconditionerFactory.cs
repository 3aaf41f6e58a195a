using HessianLab.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Preconditioners;

/// <summary>Builds the Adam, Adam-mini, Muon and NorMuon preconditioners of an m × n weight as P × P matrices on
/// θ = vec_row(W) (talk, Part III "Why Adam &lt; Muon? A preconditioner perspective"; docs/optimizers.md).</summary>
/// <remarks>
/// With v the second-moment estimate (bias-corrected) and M the momentum at the trained point:
/// Adam P = diag(1/(√v + ε)); Adam-mini P = blockdiag_i(1/(√mean_row_i(v) + ε)·I_n) (one scalar per neuron);
/// Muon P = I_m ⊗ (MᵀM)^{-1/2}, the talk's form, one shared n × n block per neuron — with row-major θ,
/// vec_row(A X B) = (A ⊗ Bᵀ) vec_row(X), so vec_row(M (MᵀM)^{-1/2}) = (I_m ⊗ (MᵀM)^{-1/2}) vec_row(M) (checked by
/// <see cref="KroneckerOrderCheck"/>); the inverse root is taken on the range (pseudo-inverse: MᵀM has rank min(m, n));
/// Muon (left form) P = (MMᵀ)^{-1/2} ⊗ I_n gives the same update on M but is a different operator;
/// NorMuon P = D ⊗ (MᵀM)^{-1/2}, D = diag(1/(√v_i + ε)), v_i = mean_cols(O ⊙ O) of O = polar(M) (its per-row
/// second moment at a fixed point of the EMA; the global rescaling of the code rule does not change conditioning).
/// </remarks>
public static class PreconditionerFactory
{
    /// <summary>Adam: diag(1/(√v + ε)) with v in W's shape.</summary>
    public static PreconditionerMatrix Adam(Tensor v, double eps)
    {
        var d = 1.0 / (v.reshape(-1).sqrt() + eps);
        return new("Adam", "diag(1/(sqrt(v)+eps))", diag(d), diag(d.sqrt()));
    }

    /// <summary>Adam-mini: one scalar 1/(√mean_row(v) + ε) per neuron (row).</summary>
    public static PreconditionerMatrix AdamMini(Tensor v, double eps)
    {
        long n = v.shape[1];
        var perRow = 1.0 / (v.mean(new long[] { 1 }).sqrt() + eps);
        var d = perRow.repeat_interleave(n);
        return new("Adam-mini", "blockdiag_i(1/(sqrt(mean_row_i(v))+eps) I_n)", diag(d), diag(d.sqrt()));
    }

    /// <summary>Muon, the talk's per-neuron form I_m ⊗ (MᵀM)^{-1/2}.</summary>
    public static PreconditionerMatrix Muon(Tensor mom)
    {
        long m = mom.shape[0];
        var gram = mom.t().matmul(mom);
        var id = eye(m, dtype: mom.dtype);
        return new("Muon", "I_m kron pinv(M^T M)^(1/2)", torch.kron(id, SymPower(gram, -0.5)), torch.kron(id, SymPower(gram, -0.25)), m * GramRank(gram));
    }

    /// <summary>Muon, the equivalent left form (MMᵀ)^{-1/2} ⊗ I_n (same update on M, different operator).</summary>
    public static PreconditionerMatrix MuonLeft(Tensor mom)
    {
        long n = mom.shape[1];
        var gram = mom.matmul(mom.t());
        var id = eye(n, dtype: mom.dtype);
        return new("Muon (left form)", "pinv(M M^T)^(1/2) kron I_n", torch.kron(SymPower(gram, -0.5), id), torch.kron(SymPower(gram, -0.25), id));
    }

    /// <summary>NorMuon: diag(1/(√v_i + ε)) ⊗ (MᵀM)^{-1/2} with v_i the row mean square of polar(M).</summary>
    public static PreconditionerMatrix NorMuon(Tensor mom, double eps = 1e-10)
    {
        var o = MuonMath.PolarFactor(mom);
        var d = 1.0 / (MuonMath.RowMeanSquare(o).sqrt() + eps);
        var gram = mom.t().matmul(mom);
        return new("NorMuon", "diag(1/(sqrt(v_i)+eps)) kron pinv(M^T M)^(1/2); v_i = mean_cols(O*O)",
            torch.kron(diag(d), SymPower(gram, -0.5)), torch.kron(diag(d.sqrt()), SymPower(gram, -0.25)));
    }

    /// <summary>Adam-mini from its own state: one second moment per neuron (v̂_i, length m), each on n entries.</summary>
    public static PreconditionerMatrix AdamMiniBlocks(Tensor vRows, long n, double eps)
    {
        var d = (1.0 / (vRows.sqrt() + eps)).repeat_interleave(n);
        return new("Adam-mini", "blockdiag_i(1/(sqrt(v_i)+eps) I_n), v_i its per-neuron second moment", diag(d), diag(d.sqrt()));
    }

    /// <summary>NorMuon from its own state: diag(1/(√v_i + ε)) ⊗ (MᵀM)^{+1/2}, v its per-row second moment.</summary>
    public static PreconditionerMatrix NorMuonState(Tensor mom, Tensor vRows, double eps)
    {
        var d = 1.0 / (vRows.sqrt() + eps);
        var gram = mom.t().matmul(mom);
        return new("NorMuon", "diag(1/(sqrt(v_i)+eps)) kron pinv(M^T M)^(1/2), M and v its own buffers",
            torch.kron(diag(d), SymPower(gram, -0.5)), torch.kron(diag(d.sqrt()), SymPower(gram, -0.25)), mom.shape[0] * GramRank(gram));
    }

    /// <summary>Shampoo: (L + εI)^{−1/4} ⊗ (R + εI)^{−1/4}; on row-major θ, vec_row(L^{−1/4} G R^{−1/4}) = (L^{−1/4} ⊗ R^{−1/4}) vec_row(G).</summary>
    public static PreconditionerMatrix Shampoo(Tensor left, Tensor right, double eps) =>
        new("Shampoo", "(L+eps I)^(-1/4) kron (R+eps I)^(-1/4), L = sum G G^T, R = sum G^T G",
            torch.kron(ShampooMath.InverseRoot(left, eps, 4), ShampooMath.InverseRoot(right, eps, 4)),
            torch.kron(ShampooMath.InverseRoot(left, eps, 8), ShampooMath.InverseRoot(right, eps, 8)));

    private static long GramRank(Tensor gram)
    {
        using var scope = torch.NewDisposeScope();
        var ev = linalg.eigvalsh((gram + gram.t()) * 0.5);
        return (ev > 1e-12 * ev.abs().max()).sum().item<long>();
    }

    /// <summary>Reference: no preconditioner.</summary>
    public static PreconditionerMatrix Identity(long p, ScalarType dtype) => new("none (I)", "I", eye(p, dtype: dtype), eye(p, dtype: dtype));

    /// <summary>Reference: the ideal per-neuron block preconditioner blockdiag_i((H₊)_ii)^{+} (pseudo-inverse).</summary>
    public static PreconditionerMatrix BlockNewton(Tensor hDamped, long rows, long cols)
    {
        var p = zeros_like(hDamped);
        var s = zeros_like(hDamped);
        for (long i = 0; i < rows; i++)
        {
            var sl = TensorIndex.Slice(i * cols, (i + 1) * cols);
            var block = hDamped[sl, sl];
            p[sl, sl] = SymPower(block, -1.0);
            s[sl, sl] = SymPower(block, -0.5);
        }
        return new("per-neuron Newton", "blockdiag_i((H_+)_ii)^+", p, s);
    }

    /// <summary>S^power of a symmetric PSD matrix on its range (eigenvalues ≤ 1e-12·max are treated as 0 → 0).</summary>
    public static Tensor SymPower(Tensor s, double power)
    {
        using var scope = torch.NewDisposeScope();
        var sym = (s + s.t()) * 0.5;
        var (evals, evecs) = linalg.eigh(sym);
        double cutoff = 1e-12 * evals.abs().max().item<double>();
        var keep = evals > cutoff;
        var f = where(keep, evals.clamp_min(Math.Max(cutoff, double.Epsilon)).pow(power), zeros_like(evals));
        return evecs.matmul(diag(f)).matmul(evecs.t()).MoveToOuterDisposeScope();
    }
}
