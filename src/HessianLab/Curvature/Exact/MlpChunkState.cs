using HessianLab.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature.Exact;

/// <summary>Per-sample building blocks of docs/hessian-math.md for one chunk of n samples, batched over samples.</summary>
/// <remarks>
/// Forward: ã_l (n × c_l, with a ones column when biased), σ'(z_l), σ''(z_l). Loss: r = ∂L/∂z_L (CE: p − e_y;
/// MSE: 2(z − t)/C) and p. Backward: δ_L = r, δ_l = (δ_{l+1} W_{l+1}) ⊙ σ'(z_l). Lazily: B_l = ∂z_L/∂z_l
/// (n × C × d_l), Λ B_l without forming Λ (CE: p ⊙ (B_l − 1 pᵀB_l); MSE: (2/C) B_l), the residual curvatures
/// R_l (n × d_l × d_l), and J_{m,l}ᵀ Y. Everything is per sample, unscaled; the 1/N is applied by the caller.
/// Create inside a dispose scope: all tensors belong to it.
/// </remarks>
internal sealed class MlpChunkState
{
    private readonly MlpWeights _w;
    private readonly LossKind _loss;
    private readonly Tensor[] _a, _s;
    private readonly Tensor?[] _s2;
    private readonly Tensor[] _delta;
    private readonly Tensor?[] _b, _lambdaB, _r;
    private readonly bool[] _rDone;
    private readonly Tensor?[] _rowMask, _columnMask;
    private Tensor? _mu;

    public MlpChunkState(MlpWeights w, Models.Activation activation, LossKind loss, Tensor x, Tensor y)
    {
        _w = w;
        _loss = loss;
        int L = w.Depth;
        Count = (int)x.shape[0];
        _a = new Tensor[L];
        _s = new Tensor[L];
        _s2 = new Tensor?[L];
        _delta = new Tensor[L + 1];
        _b = new Tensor?[L];
        _lambdaB = new Tensor?[L];
        _r = new Tensor?[L];
        _rDone = new bool[L];
        _rowMask = new Tensor?[L];
        _columnMask = new Tensor?[L];
        Tensor a = x;
        for (int l = 1; l <= L; l++)
        {
            _a[l - 1] = w.Bias ? torch.cat(new[] { a, torch.ones(Count, 1, dtype: a.dtype, device: a.device) }, 1) : a;
            var z = _a[l - 1].matmul(w.Full(l).t());
            if (l == L)
            {
                Logits = z;
                break;
            }
            var (value, first, second) = ActivationDerivatives.Evaluate(z, activation);
            _s[l] = first;
            _s2[l] = second;
            a = value;
        }
        int C = w.Width(L);
        if (loss == LossKind.Ce)
        {
            Probabilities = torch.softmax(Logits!, 1);
            _delta[L] = Probabilities - Losses.Loss.OneHot(y, C, Logits!.dtype);
        }
        else
        {
            _delta[L] = (Logits! - Losses.Loss.OneHot(y, C, Logits!.dtype)) * (2.0 / C);
        }
        for (int l = L - 1; l >= 1; l--)
            _delta[l] = _delta[l + 1].matmul(w.Linear(l + 1)) * _s[l];
    }

    /// <summary>Samples in the chunk.</summary>
    public int Count { get; }

    /// <summary>z_L (n × C).</summary>
    public Tensor? Logits { get; }

    /// <summary>softmax(z_L) for CE, else null.</summary>
    public Tensor? Probabilities { get; }

    /// <summary>ã_l (n × c_l), l = 0…L−1.</summary>
    public Tensor A(int l) => _a[l];

    /// <summary>σ'(z_l) (n × d_l), l = 1…L−1.</summary>
    public Tensor S(int l) => _s[l];

    /// <summary>δ_l (n × d_l), l = 1…L (δ_L = r).</summary>
    public Tensor Delta(int l) => _delta[l];

    /// <summary>B_l = ∂z_L/∂z_l (n × C × d_l), l &lt; L: B_{L−1} = W_L diag(σ'), B_l = B_{l+1} W_{l+1} diag(σ'(z_l)).</summary>
    public Tensor B(int l)
    {
        if (_b[l] is { } cached) return cached;
        int L = _w.Depth;
        var b = l == L - 1
            ? _w.Linear(L).unsqueeze(0) * _s[l].unsqueeze(1)
            : B(l + 1).matmul(_w.Linear(l + 1)) * _s[l].unsqueeze(1);
        Flops += l == L - 1 ? 0 : 2.0 * Count * _w.Width(L) * _w.Width(l + 1) * _w.Width(l);
        return _b[l] = Keep(b);
    }

    /// <summary>Λ B_l (n × C × d_l) without forming Λ.</summary>
    /// <remarks>Last hidden layer with CE: B_{L−1} = W_L diag(σ'), so (Λ B)[c, i] = p_c σ'_i (W_L[c, i] − μ_i) with
    /// μ = W_Lᵀ p, built in three passes without B.</remarks>
    public Tensor LambdaB(int l)
    {
        if (_lambdaB[l] is { } cached) return cached;
        int L = _w.Depth;
        Tensor lb;
        if (_loss == LossKind.Ce && l == L - 1)
        {
            lb = _w.Linear(L).unsqueeze(0) - Mu().unsqueeze(1);
            lb.mul_(Probabilities!.unsqueeze(2)).mul_(_s[l].unsqueeze(1));
            return _lambdaB[l] = Keep(lb);
        }
        var b = B(l);
        if (_loss == LossKind.Ce)
        {
            var p = Probabilities!.unsqueeze(2);                          // n × C × 1
            lb = p * (b - p.transpose(1, 2).matmul(b));                   // diag(p) B − p (pᵀ B)
        }
        else lb = b * (2.0 / _w.Width(_w.Depth));
        return _lambdaB[l] = Keep(lb);
    }

    /// <summary>Column i of Λ B_{L−1} for CE on the samples <paramref name="rows"/>: (Λ B)[n, c, i] = p_c σ'_i (W_L[c, i] − μ_i)
    /// (n_i × C), the same products in the same order as <see cref="LambdaB"/>, without its n × C × d_{L−1} tensor.</summary>
    public Tensor LastHiddenLambdaBColumn(long i, ActiveSamples rows)
    {
        int L = _w.Depth;
        var column = _w.Linear(L).select(1, i).unsqueeze(0) - rows.Rows(Mu().narrow(1, i, 1));   // n_i × C
        return column.mul_(rows.Rows(Probabilities!)).mul_(rows.Rows(_s[L - 1].narrow(1, i, 1)));
    }

    /// <summary>μ = W_Lᵀ p per sample (n × d_{L−1}), CE only: the probability-weighted mean row of the output layer.</summary>
    private Tensor Mu() => _mu ??= Keep(Probabilities!.matmul(_w.Linear(_w.Depth)));

    /// <summary>B_{L−1}ᵀ Λ B_{L−1} (n × d × d), the GGN factor of the last hidden layer, by one GEMM instead of n small ones.</summary>
    /// <remarks>B_{L−1} = W_L diag(σ'): CE gives σ'_i σ'_j (Σ_c p_c W_ci W_cj − μ_i μ_j), μ = W_Lᵀ p, the sum as p (n × C)
    /// times the column products of W_L (C × d²); MSE gives σ'_i σ'_j (2/C) (W_Lᵀ W_L)_ij.</remarks>
    public Tensor LastHiddenGaussNewton()
    {
        int L = _w.Depth, l = L - 1, d = _w.Width(l), C = _w.Width(L);
        var wl = _w.Linear(L);                                            // C × d
        Tensor g;
        if (_loss == LossKind.Ce)
        {
            var p = Probabilities!;
            var products = (wl.unsqueeze(2) * wl.unsqueeze(1)).reshape(C, (long)d * d);   // C × d²: W_ci W_cj
            var mu = Mu();
            g = p.matmul(products).view(Count, d, d) - mu.unsqueeze(2) * mu.unsqueeze(1);
            Flops += 2.0 * Count * C * d * d;
        }
        else g = (wl.t().matmul(wl) * (2.0 / C)).unsqueeze(0);
        var s = _s[l];
        return g * s.unsqueeze(2) * s.unsqueeze(1);
    }

    /// <summary>R_l (n × d_l × d_l), or null when it is 0 (relu / identity, or l = L).</summary>
    /// <remarks>R_{L−1} = diag(σ''(z_{L−1}) ⊙ W_Lᵀ r); R_l = S_l W_{l+1}ᵀ R_{l+1} W_{l+1} S_l + diag(σ''(z_l) ⊙ W_{l+1}ᵀ δ_{l+1}).</remarks>
    public Tensor? R(int l)
    {
        int L = _w.Depth;
        if (l >= L || _s2[l] is null) return null;
        if (_rDone[l]) return _r[l];
        var diag = torch.diag_embed(_s2[l]! * _delta[l + 1].matmul(_w.Linear(l + 1)));
        Tensor r = diag;
        if (R(l + 1) is { } next)
        {
            var wl = _w.Linear(l + 1);                                    // d_{l+1} × d_l
            var inner = wl.t().matmul(next).matmul(wl);                   // n × d_l × d_l
            Flops += 2.0 * Count * (_w.Width(l) * (double)_w.Width(l + 1) * _w.Width(l + 1) + _w.Width(l + 1) * (double)_w.Width(l) * _w.Width(l));
            r = inner * _s[l].unsqueeze(1) * _s[l].unsqueeze(2) + diag;
        }
        _rDone[l] = true;
        return _r[l] = r is null ? null : Keep(r);
    }

    /// <summary>J_{m,l}ᵀ Y for Y (n × d_m × q), l ≤ m &lt; L: J_{m,l} = S_m W_m S_{m−1} ⋯ W_{l+1} S_l = ∂a_m/∂z_l.</summary>
    public Tensor ApplyJt(int m, int l, Tensor y)
    {
        for (int t = m; t >= l; t--)
        {
            y = y * _s[t].unsqueeze(2);
            if (t > l)
            {
                Flops += 2.0 * Count * _w.Width(t) * _w.Width(t - 1) * y.shape[2];
                y = _w.Linear(t).t().matmul(y);
            }
        }
        return y;
    }

    /// <summary>J_{m,l}ᵀ (n × d_l × d_m).</summary>
    public Tensor Jt(int m, int l) =>
        ApplyJt(m, l, torch.eye(_w.Width(m), dtype: _s[m].dtype, device: _s[m].device).unsqueeze(0));

    /// <summary>Samples on which a row of neuron i of layer l (1 ≤ l &lt; L) can be non-zero: σ'(z_l)[i] ≠ 0 or
    /// σ''(z_l)[i] ≠ 0 (n × d_l, bool).</summary>
    /// <remarks>Every term of H[(l,i,·), ·] carries σ'_l[i] (through B_l = ⋯ diag(σ'_l) and J_{m,l} = ⋯ diag(σ'_l)),
    /// except the curvature σ''_l[i] on the diagonal of R_l. With relu σ' is exactly 0 on about half of the samples
    /// per neuron: those samples add exact zeros and are skipped (docs/hessian-math.md's sums restricted to active samples).</remarks>
    public Tensor RowMask(int l)
    {
        if (_rowMask[l] is { } cached) return cached;
        var mask = _s[l].ne(0);
        if (_s2[l] is { } second) mask = mask.logical_or(second.ne(0));
        return (_rowMask[l] = Keep(mask))!;
    }

    /// <summary>Samples on which column b of ã_m (0 ≤ m &lt; L) can contribute: ã_m[b] ≠ 0, or σ'(z_m)[b] ≠ 0 for m ≥ 1
    /// (the cross-layer term J_{m,l}[b, i] carries σ'_m[b]) (n × c_m, bool; the bias column is always on).</summary>
    public Tensor ColumnMask(int m)
    {
        if (_columnMask[m] is { } cached) return cached;
        var mask = _a[m].ne(0);
        if (m >= 1) mask.narrow(1, 0, _w.Width(m)).logical_or_(_s[m].ne(0));
        return (_columnMask[m] = Keep(mask))!;
    }

    /// <summary>Lazily cached tensors may be created inside a caller's inner dispose scope: move them to the chunk's.</summary>
    private Tensor Keep(Tensor t) => t.MoveToOtherDisposeScope(Logits!);

    /// <summary>Flops of the batched products issued so far for this chunk.</summary>
    public double Flops { get; set; }
}
