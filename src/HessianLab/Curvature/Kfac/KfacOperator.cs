using HessianLab.Losses;
using HessianLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature.Kfac;

/// <summary>K-FAC as a curvature operator on θ: block-diagonal over layers, layer l's block G_l ⊗ A_l + λ I.</summary>
/// <remarks>
/// θ is row-major (<see cref="ParameterLayout"/>): a layer's segment is vec_row(V) for V = [W_l | b_l] (d × c), and
/// (G ⊗ A) vec_row(V) = vec_row(G V Aᵀ) = vec_row(G V A) (A symmetric), which is how <see cref="Apply"/> works without
/// forming the Kronecker product. Damping λ is added to the product (Tikhonov: G ⊗ A + λ I), and
/// <see cref="ApplyInverse"/> inverts it exactly through the eigendecompositions G = U_G diag(γ) U_Gᵀ, A = U_A diag(α) U_Aᵀ:
/// (G ⊗ A + λ I)^{−1} vec_row(V) = vec_row(U_G [(U_Gᵀ V U_A) ⊘ (γ αᵀ + λ)] U_Aᵀ).
/// Reference: Martens &amp; Grosse, ICML 2015 (K-FAC); the factors come from <see cref="KfacFactors"/> and stay owned by
/// the caller; the eigendecompositions are owned by the operator (dispose it).
/// </remarks>
public sealed class KfacOperator : ILinearOperator, IDisposable
{
    private readonly ParameterLayout _layout;
    private readonly (Tensor Ug, Tensor Gamma, Tensor Ua, Tensor Alpha)[] _eig;

    /// <summary>Wraps factors (one per segment of <paramref name="layout"/>, in order).</summary>
    /// <exception cref="ArgumentException">Factors that do not match the layout, or a negative damping.</exception>
    public KfacOperator(ParameterLayout layout, IReadOnlyList<KfacLayerFactors> factors, double damping = 0)
    {
        if (factors.Count != layout.Segments.Count) throw new ArgumentException($"{factors.Count} factor pairs for {layout.Segments.Count} layers", nameof(factors));
        for (int s = 0; s < factors.Count; s++)
            if (factors[s].G.shape[0] != layout.Segments[s].Rows || factors[s].A.shape[0] != layout.Segments[s].Cols)
                throw new ArgumentException($"factors of layer {s + 1} are {factors[s].G.shape[0]}/{factors[s].A.shape[0]}, its segment is {layout.Segments[s].Rows} × {layout.Segments[s].Cols}", nameof(factors));
        if (!(damping >= 0) || double.IsInfinity(damping)) throw new ArgumentException($"damping must be a finite number ≥ 0, got {damping}", nameof(damping));
        _layout = layout;
        Factors = factors;
        Damping = damping;
        _eig = factors.Select(f =>
        {
            var (gamma, ug) = linalg.eigh((f.G + f.G.t()) * 0.5);
            var (alpha, ua) = linalg.eigh((f.A + f.A.t()) * 0.5);
            return (ug.DetachFromDisposeScope(), gamma.DetachFromDisposeScope(), ua.DetachFromDisposeScope(), alpha.DetachFromDisposeScope());
        }).ToArray();
    }

    /// <summary>Computes the factors of <paramref name="model"/> on (X, y) and wraps them.</summary>
    public static KfacOperator ForMlp(Mlp model, Tensor inputs, Tensor labels, LossKind loss, KfacFisher fisher, double damping = 0) =>
        new(model.Layout, KfacFactors.Compute(model, inputs, labels, loss, fisher), damping);

    /// <summary>The factors, one pair per layer.</summary>
    public IReadOnlyList<KfacLayerFactors> Factors { get; }

    /// <summary>λ of G ⊗ A + λ I.</summary>
    public double Damping { get; }

    /// <inheritdoc />
    public long Dimension => _layout.Count;

    /// <inheritdoc />
    public ScalarType DType => ScalarType.Float64;

    /// <inheritdoc />
    public Tensor Apply(Tensor v) => Map(v, (s, V) => Factors[s].G.matmul(V).matmul(Factors[s].A) + Damping * V);

    /// <summary>(K + λ I)^{−1} v, exactly, by the factors' eigendecompositions.</summary>
    /// <exception cref="InvalidOperationException">λ = 0 and a factor is singular.</exception>
    public Tensor ApplyInverse(Tensor v) => Map(v, (s, V) =>
    {
        var (ug, gamma, ua, alpha) = _eig[s];
        var denom = gamma.unsqueeze(1) * alpha.unsqueeze(0) + Damping;
        if (denom.abs().min().item<double>() == 0) throw new InvalidOperationException($"layer {s + 1}: G ⊗ A + λI is singular (set a damping > 0)");
        return ug.matmul(ug.t().matmul(V).matmul(ua) / denom).matmul(ua.t());
    });

    /// <summary>Layer l's dense block G ⊗ A + λ I (1-based l), in θ's row-major order.</summary>
    public Tensor LayerMatrix(int l)
    {
        var f = Factors[l - 1];
        var k = kron(f.G, f.A);
        return k + eye(k.shape[0], dtype: k.dtype) * Damping;
    }

    /// <summary>Layer l's dense inverse (G ⊗ A + λ I)^{−1} (1-based l).</summary>
    public Tensor LayerInverse(int l) => LayerPower(l, -1);

    /// <summary>Layer l's (G ⊗ A + λ I)^{power} (1-based l), e.g. −½ for the square root of the inverse.</summary>
    public Tensor LayerPower(int l, double power)
    {
        var (ug, gamma, ua, alpha) = _eig[l - 1];
        var u = kron(ug, ua);
        var d = (kron(gamma, alpha) + Damping).pow(power);
        return (u * d.unsqueeze(0)).matmul(u.t());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (ug, gamma, ua, alpha) in _eig) { ug.Dispose(); gamma.Dispose(); ua.Dispose(); alpha.Dispose(); }
    }

    /// <summary>The whole operator as a dense P × P matrix (block-diagonal over layers).</summary>
    public Tensor Dense() => block_diag(Enumerable.Range(1, Factors.Count).Select(LayerMatrix).ToArray());

    private Tensor Map(Tensor v, Func<int, Tensor, Tensor> block)
    {
        if (v.dim() != 1 || v.shape[0] != Dimension) throw new ArgumentException($"v must be a vector of length {Dimension}", nameof(v));
        var x = v.to(ScalarType.Float64);
        var parts = _layout.Segments.Select((seg, s) => block(s, x.narrow(0, seg.Offset, seg.Size).reshape(seg.Rows, seg.Cols)).reshape(-1)).ToArray();
        return cat(parts, 0).to(v.dtype);
    }
}
