using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Spectra;

/// <summary>The dependent Λ of the paper: curvature weights of the cross-entropy loss computed from the same X,
/// through a freshly initialized network per draw (LeCun normal: W ~ N(0, 1/fan_in), talk Assumption 2).</summary>
/// <param name="Model">Which network and which Hessian block.</param>
/// <param name="Classes">C, the number of outputs.</param>
/// <param name="Hidden">m, the hidden width (1-hidden-layer models only).</param>
/// <param name="Index">k: the output class (Linear, OneHidden) or hidden neuron (OneHiddenHiddenBlock).</param>
/// <remarks>CE with mean over N: ∂²ℓ/∂z_n² = (diag p_n − p_n p_nᵀ)/N, hence the block (1/N) Σ_n Λ_n x_n x_nᵀ
/// (Dong et al., arXiv 2505.02809, eq. (5) and (8)–(13)).</remarks>
public sealed record SoftmaxLambda(SoftmaxModelKind Model, int Classes = 10, int Hidden = 8, int Index = 0) : ILambdaSource
{
    /// <inheritdoc />
    public string Name => Model switch
    {
        SoftmaxModelKind.Linear => "linear-softmax",
        SoftmaxModelKind.OneHidden => "one-hidden-softmax",
        _ => "one-hidden-hidden-block",
    };

    /// <inheritdoc />
    public bool DependsOnX => true;

    /// <summary>Checks C, m and k.</summary>
    /// <exception cref="ArgumentException">C &lt; 2, m &lt; 1, or k out of range.</exception>
    public SoftmaxLambda Validated()
    {
        if (Classes < 2) throw new ArgumentException($"classes C must be ≥ 2 for a softmax, got {Classes}", nameof(Classes));
        if (Hidden < 1) throw new ArgumentException($"hidden width m must be ≥ 1, got {Hidden}", nameof(Hidden));
        int limit = Model == SoftmaxModelKind.OneHiddenHiddenBlock ? Hidden : Classes;
        if (Index < 0 || Index >= limit) throw new ArgumentException($"index {Index} is out of range 0..{limit - 1}");
        return this;
    }

    /// <inheritdoc />
    public Tensor Diagonal(Tensor x, Generator generator)
    {
        Validated();
        using var scope = torch.NewDisposeScope();
        long b = x.shape[0], d = x.shape[1];
        Tensor Draw(long rows, long cols) =>
            (torch.randn(new[] { b, rows, cols }, ScalarType.Float64, generator: generator) / Math.Sqrt(cols)).to(x.dtype, x.device);
        Tensor result;
        if (Model == SoftmaxModelKind.Linear)
            result = LinearWeights(x, Draw(Classes, d), Index);
        else
        {
            var w = Draw(Hidden, d);
            var v = Draw(Classes, Hidden);
            result = Model == SoftmaxModelKind.OneHidden ? OneHiddenWeights(x, w, v, Index) : HiddenBlockWeights(x, w, v, Index);
        }
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Λ_n = p_{n,k}(1 − p_{n,k}) with p_n = softmax(V x_n); x (B, d, n), V (B, C, d) → (B, n).</summary>
    public static Tensor LinearWeights(Tensor x, Tensor v, int k)
    {
        using var scope = torch.NewDisposeScope();
        var p = torch.softmax(v.matmul(x), 1).select(1, k);
        return (p * (1 - p)).MoveToOuterDisposeScope();
    }

    /// <summary>Λ_n = p_{n,k}(1 − p_{n,k}) with p_n = softmax(V relu(W x_n)); W (B, m, d), V (B, C, m) → (B, n).</summary>
    public static Tensor OneHiddenWeights(Tensor x, Tensor w, Tensor v, int k)
    {
        using var scope = torch.NewDisposeScope();
        var p = torch.softmax(v.matmul(torch.nn.functional.relu(w.matmul(x))), 1).select(1, k);
        return (p * (1 - p)).MoveToOuterDisposeScope();
    }

    /// <summary>Λ_n = 1[w_kᵀx_n &gt; 0] (Σ_c V_ck² p_nc − (Σ_c V_ck p_nc)²); W (B, m, d), V (B, C, m) → (B, n).</summary>
    public static Tensor HiddenBlockWeights(Tensor x, Tensor w, Tensor v, int k)
    {
        using var scope = torch.NewDisposeScope();
        var pre = w.matmul(x);                                            // (B, m, n)
        var p = torch.softmax(v.matmul(torch.nn.functional.relu(pre)), 1); // (B, C, n)
        var vk = v.select(2, k).unsqueeze(2);                             // (B, C, 1)
        var quad = (vk * vk * p).sum(1) - (vk * p).sum(1).pow(2);          // (B, n)
        var gate = pre.select(1, k).gt(0).to(x.dtype);
        return (gate * quad).MoveToOuterDisposeScope();
    }
}
