using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature;

/// <summary>Exact Hessian-vector products and rows of the mean softmax cross-entropy of a linear head without bias on
/// features, ℓ(θ) = −(1/N) Σ_n log softmax(W h_n(θ))_{y_n} — a language model's loss — with autograd for the trunk
/// h(θ) (N × d) and the head's derivatives in closed form (docs/performance.md, "Rows through a wide softmax head").</summary>
/// <remarks>
/// <para>With z = h Wᵀ (N × V), p = softmax(z) per row and G = (p − Y)/N: g_h = G W and g_W = Gᵀ h. Along a direction
/// v = (v_θ, v_W), with dh = J_h v_θ, dz = dh Wᵀ + h v_Wᵀ and dp = p ⊙ (dz − ⟨p, dz⟩) per row:
/// (H v)_θ = J_hᵀ (dp W/N + G v_W) + Σ_k (g_h)_k ∇²h_k v_θ and (H v)_W = dpᵀ h/N + Gᵀ dh (Pearlmutter 1994).</para>
/// <para>The trunk's gradient J_hᵀ u is built once with u = g_h as a leaf, so one backward of v_θᵀ J_hᵀ u gives both
/// the second-order trunk term (w.r.t. θ) and dh = J_h v_θ (w.r.t. u); one plain backward of h gives J_hᵀ(·). The head
/// costs six GEMMs of N·d·V and three passes over two N × V buffers allocated once (p and a workspace), instead of
/// autograd's double backward through log_softmax and nll, which creates several N × V temporaries on every product.</para>
/// <para>The head weight may also be used inside the trunk (GPT-2's tied wte): its trunk path is autograd's and the
/// closed-form head part is added to the same slot, which is the Hessian of the tied loss. A head weight that is not
/// among <c>parameters</c> is held fixed (v_W = 0, no W rows). θ is the concatenation of <c>parameters</c> flattened in
/// order. Bound to the parameter values at construction, like <see cref="AutogradHessian"/>.</para>
/// </remarks>
public sealed class SoftmaxHeadHessian : ILinearOperator, IDisposable
{
    private readonly List<Tensor> _parameters;
    private readonly List<Tensor> _inputs;       // parameters, then u
    private readonly int _head;                  // index of W in the parameters, or −1
    private readonly Tensor _features, _h, _w, _y, _p, _work, _trunkGradient, _flatGradient;
    private readonly Tensor[] _trunk;            // J_hᵀ u per parameter, with graph
    private readonly long[] _offsets;

    /// <summary>The loss value at which the Hessian is taken.</summary>
    public double LossValue { get; }

    /// <inheritdoc />
    public long Dimension { get; }

    /// <inheritdoc />
    public ScalarType DType { get; }

    /// <summary>Builds the trunk's gradient graph and the head's softmax at the current parameter values.</summary>
    /// <param name="parameters">Leaf tensors with requires_grad; θ is their concatenation in this order.</param>
    /// <param name="featuresAndTargets">Computes (h, y) from the current parameters: features h of shape (…, d) with a
    /// graph, class indices y (int64) of shape (…); all leading dimensions are samples.</param>
    /// <param name="headWeight">W of shape (V, d): logits z = h Wᵀ.</param>
    /// <exception cref="ArgumentException">Shapes that do not match, targets outside [0, V), or a frozen parameter.</exception>
    public SoftmaxHeadHessian(IReadOnlyList<Tensor> parameters, Func<(Tensor Features, Tensor Targets)> featuresAndTargets, Tensor headWeight)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(featuresAndTargets);
        ArgumentNullException.ThrowIfNull(headWeight);
        TrainableParameters.Check(parameters, nameof(parameters));
        if (headWeight.dim() != 2) throw new ArgumentException($"the head weight must be (V, d), got [{string.Join(",", headWeight.shape)}]", nameof(headWeight));
        _parameters = parameters.ToList();
        _head = _parameters.FindIndex(p => SoftmaxHeadChecks.SameTensor(p, headWeight));
        _offsets = new long[_parameters.Count + 1];
        for (int i = 0; i < _parameters.Count; i++) _offsets[i + 1] = _offsets[i] + _parameters[i].numel();
        Dimension = _offsets[^1];
        DType = headWeight.dtype;

        using var scope = torch.NewDisposeScope();
        using var enable = torch.enable_grad();
        var (features, targets) = featuresAndTargets();
        long v = headWeight.shape[0], d = headWeight.shape[1];
        SoftmaxHeadChecks.Validate(features, targets, v, d, headWeight.dtype);
        _features = features.reshape(-1, d);                       // keeps the trunk's graph for J_hᵀ(·)
        _h = _features.detach();
        _w = headWeight.detach();
        _y = targets.reshape(-1);
        long n = _h.shape[0];

        // p = softmax(h Wᵀ) in place, and ℓ = mean(max + log Σ exp − z_y).
        _p = _h.mm(_w.t());
        var zy = _p.gather(1, _y.unsqueeze(1));
        var max = _p.amax(new long[] { 1 }, keepdim: true);
        _p.sub_(max).exp_();
        var sum = _p.sum(1, keepdim: true);
        _p.div_(sum);
        LossValue = (max + sum.log() - zy).mean().to_type(ScalarType.Float64).item<double>();
        _work = torch.zeros_like(_p);                              // reused by every product: touched once

        // g_h = (p W − W[y])/N, held as the leaf u of the trunk's gradient J_hᵀ u; g_W = (pᵀ h − Σ_n e_{y_n} h_nᵀ)/N.
        var u = (_p.mm(_w) - _w.index_select(0, _y)).div_(n).requires_grad_(true);
        _inputs = _parameters.Append(u).ToList();
        _trunk = SafeAutograd.Grad(_features, _parameters, gradOutput: u, createGraph: true);
        var flat = torch.cat(_trunk.Select(t => t.detach().reshape(-1)).ToArray(), 0);
        if (_head >= 0) flat.narrow(0, _offsets[_head], _offsets[_head + 1] - _offsets[_head]).add_(HeadGradient(n).reshape(-1));
        _flatGradient = flat;
        _trunkGradient = u;
        foreach (var t in new[] { _features, _h, _w, _y, _p, _work, _trunkGradient, _flatGradient }.Concat(_trunk)) t.DetachFromDisposeScope();
    }

    private Tensor HeadGradient(long n) => _p.t().mm(_h).index_add_(0, _y, _h, -1).div_(n);

    /// <summary>The flat gradient ∂ℓ/∂θ (detached copy).</summary>
    public Tensor Gradient() => _flatGradient.clone();

    /// <inheritdoc />
    public Tensor Apply(Tensor v)
    {
        if (v.shape.Length != 1 || v.shape[0] != Dimension)
            throw new ArgumentException($"vector has shape [{string.Join(",", v.shape)}], expected [{Dimension}]", nameof(v));
        using var scope = torch.NewDisposeScope();
        v = v.to(DType, _h.device).detach();
        var parts = _parameters.Select((p, i) => v.narrow(0, _offsets[i], p.numel()).view(p.shape)).ToArray();
        long n = _h.shape[0];

        // One backward of v_θᵀ J_hᵀ u: the trunk's second-order term (w.r.t. θ) and dh = J_h v_θ (w.r.t. u).
        Tensor? s = null;
        for (int i = 0; i < _trunk.Length; i++)
            if (_trunk[i].requires_grad) s = s is null ? (_trunk[i] * parts[i]).sum() : s + (_trunk[i] * parts[i]).sum();
        var second = s is null ? _inputs.Select(t => torch.zeros_like(t)).ToArray() : SafeAutograd.Grad(s, _inputs);
        var dh = second[^1];
        var vw = _head >= 0 ? parts[_head] : null;

        // dz = dh Wᵀ + h v_Wᵀ into the workspace; then dp = p ⊙ (dz − ⟨p, dz⟩) in place.
        if (vw is null) _work.addmm_(dh, _w.t(), beta: 0);
        else _work.addmm_(torch.cat(new[] { dh, _h }, 1), torch.cat(new[] { _w, vw }, 1).t(), beta: 0);
        _work.mul_(_p);
        _work.addcmul_(_p, _work.sum(1, keepdim: true), value: -1);

        // The trunk's Gauss–Newton and cross terms: J_hᵀ (dp W/N + G v_W) with G v_W = (p v_W − v_W[y])/N.
        var dgh = _work.mm(_w);
        if (vw is not null) dgh.addmm_(_p, vw).sub_(vw.index_select(0, _y));
        var result = SafeAutograd.Grad(_features, _parameters, gradOutput: dgh.div_(n));
        for (int i = 0; i < result.Length; i++) result[i].add_(second[i]);
        if (_head >= 0)   // (H v)_W = (dpᵀ h + pᵀ dh − Σ_n e_{y_n} dh_nᵀ)/N
            result[_head].add_(_work.t().mm(_h).addmm_(_p.t(), dh).index_add_(0, _y, dh, -1).div_(n));
        return torch.cat(result.Select(t => t.reshape(-1)).ToArray(), 0).MoveToOuterDisposeScope();
    }

    /// <summary>Row k of H (= H e_k).</summary>
    public Tensor Row(long k)
    {
        if (k < 0 || k >= Dimension) throw new ArgumentOutOfRangeException(nameof(k), $"row {k} outside [0, {Dimension})");
        using var e = torch.zeros(Dimension, DType, _h.device);
        using (var entry = e.narrow(0, k, 1)) entry.fill_(1.0);
        return Apply(e);
    }

    /// <summary>The rows of H for the given θ indices (rows × P), or H[rows, columns] when <paramref name="columns"/> is given.</summary>
    public Tensor Rows(IReadOnlyList<long>? rows = null, Action<int, int>? progress = null, IReadOnlyList<long>? columns = null) =>
        HessianRows.Collect(Row, Dimension, DType, _h.device, rows, progress, columns);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in new[] { _features, _h, _w, _y, _p, _work, _trunkGradient, _flatGradient }.Concat(_trunk)) t.Dispose();
    }
}
