using System.Diagnostics;
using HessianLab.Core;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature.Exact;

/// <summary>The exact Hessian of an <see cref="Mlp"/>'s loss on a data set, in closed form as a few large GEMMs.</summary>
/// <remarks>
/// Formulas: docs/hessian-math.md ("The Hessian, block (l, k)"). Entry ((l,i,a),(k,j,b)) of H = ∂²ℓ/∂θ² is
/// (1/N) Σ_n ã_{l−1}[a] (G_lk[i,j] ã_{k−1}[b] + [l &lt; k] δ_k[j] J_{k−1,l}[b,i]), with
/// G_lk = B_lᵀ Λ B_k + [l = k] R_l + [l &lt; k] (R_k W_k J_{k−1,l})ᵀ; the B_lᵀ Λ B_k term alone is the GGN.
/// Off-diagonal blocks: one GEMM ã_{l−1}ᵀ K per neuron row i of layer l (the cross-layer residual folded into K,
/// so it costs nothing extra), or one Kronecker GEMM when layer l has few inputs. Diagonal blocks (both factors
/// symmetric): with few neurons, one weighted Gram ãᵀ diag(G_ij) ã per pair i ≤ j; for a CE output layer with few
/// inputs, Σ_n ã_a ã_b (diag(p) − ppᵀ) per pair a ≤ b, each as grouped GEMMs that skip most of the lower triangle
/// (<see cref="WeightedGram"/>); otherwise pairs i ≤ j and a ≤ b packed into one GEMM (¼ of the flops). Λ is never
/// formed per sample. Exact zeros are skipped: every term of neuron i's row carries σ'_l[i] (or σ''_l[i]), and the
/// output layer's pair weights carry ã_a ã_b, so each GEMM runs over only the samples where its factor is non-zero
/// (<see cref="ActiveSamples"/>; with relu about ½ per neuron and ¼ per pair: the talk's net issues 80 GFLOP instead
/// of N·P² = 320).
/// Only l ≤ k is computed; the rest is mirrored. Samples stream in chunks that fit
/// <see cref="ExactHessianOptions.MemoryBudgetBytes"/>. The result has the layout of
/// <see cref="ParameterLayout"/> (θ = rows [W_l | b_l] of each layer, layers in order), identical to
/// <c>AutogradHessian.ForMlp(...).Full()</c>. Conventions of the losses: <see cref="Loss"/> (PyTorch).
/// The model's weights are read at each call (so one instance follows training). Each call runs with
/// <see cref="ExactHessianOptions.Threads"/> libtorch threads and restores the caller's setting on return.
/// </remarks>
public sealed partial class ExactMlpHessian
{
    private readonly Mlp _model;
    private readonly Tensor _x, _y;

    /// <summary>Prepares the engine for <paramref name="model"/> on inputs (N × d_0) and integer labels (N).</summary>
    /// <exception cref="ArgumentException">Shapes or labels that do not fit the model, or bad options.</exception>
    public ExactMlpHessian(Mlp model, Tensor inputs, Tensor labels, LossKind loss, ExactHessianOptions? options = null)
    {
        Options = (options ?? new ExactHessianOptions()).Validated();
        _model = model;
        Loss = loss;
        var spec = model.Spec;
        if (inputs.shape.Length != 2 || inputs.shape[1] != spec.InputDim)
            throw new ArgumentException($"inputs have shape [{string.Join(",", inputs.shape)}], the model expects [N,{spec.InputDim}]");
        if (labels.shape.Length != 1 || labels.shape[0] != inputs.shape[0])
            throw new ArgumentException($"labels have shape [{string.Join(",", labels.shape)}], expected [{inputs.shape[0]}]");
        if (inputs.shape[0] == 0) throw new ArgumentException("the data set is empty");
        if (labels.dtype != ScalarType.Int64) throw new ArgumentException($"labels must be int64 class indices, got {labels.dtype}");
        long lo = labels.min().item<long>(), hi = labels.max().item<long>();
        if (lo < 0 || hi >= spec.OutputDim)
            throw new ArgumentException($"labels span [{lo}, {hi}] but the model has {spec.OutputDim} outputs");
        var device = model.Weight(1).device;
        _x = inputs.detach().to(Options.DType, device);
        _y = labels.detach().to(device);
    }

    /// <summary>Same, for a <see cref="Dataset"/>.</summary>
    public ExactMlpHessian(Mlp model, Dataset data, LossKind loss, ExactHessianOptions? options = null)
        : this(model, data.X, data.Y, loss, options) { }

    /// <summary>The options.</summary>
    public ExactHessianOptions Options { get; }

    /// <summary>The loss.</summary>
    public LossKind Loss { get; }

    /// <summary>θ layout of the model (blocks, offsets).</summary>
    public ParameterLayout Layout => _model.Layout;

    /// <summary>P, the number of parameters.</summary>
    public long Dimension => _model.Layout.Count;

    /// <summary>N.</summary>
    public int Samples => (int)_x.shape[0];

    /// <summary>What the last call did (flops, chunks, memory, time); null before the first call.</summary>
    public ExactHessianStats? LastStats { get; private set; }

    /// <summary>The full P × P Hessian (or one of its parts), exactly symmetric.</summary>
    /// <exception cref="InsufficientMemoryException">The matrix plus the working budget does not fit, or the budget is too small.</exception>
    public Tensor Full(HessianPart part = HessianPart.Full)
    {
        using var threads = UseThreads();
        long p = Dimension;
        int L = _model.Spec.Depth;
        var upper = new List<(int, int)>();
        for (int l = 1; l <= L; l++)
            for (int k = l; k <= L; k++) upper.Add((l, k));
        long outBytes = MemoryGuard.DenseBytes(p, p, Options.ElementSize);
        var plan = PlanBlocks(upper, outBytes, $"the {p}×{p} {Options.DType} Hessian", part);
        var h = NativeHeap.Zeros(new long[] { p, p }, Options.DType, _x.device);
        var segs = Layout.Segments;
        Tensor View(int l, int k) => h.narrow(0, segs[l - 1].Offset, segs[l - 1].Size).narrow(1, segs[k - 1].Offset, segs[k - 1].Size);
        var sw = Stopwatch.StartNew();
        double flops = RunBlocks(upper, part, plan, View);
        using (var scope = torch.NewDisposeScope())
            foreach (var (l, k) in upper)
                if (l < k) TransposeCopy.Into(View(k, l), View(l, k));
        LastStats = new ExactHessianStats(Samples, plan.ChunkSize, plan.Chunks, flops, plan.WorkingBytes, outBytes, sw.Elapsed.TotalSeconds, plan.SymmetricDiagonals);
        return h;
    }

    /// <summary>The GGN part Σ_n B_lᵀ Λ B_k ⊗ ã ãᵀ / N (positive semi-definite for CE and MSE).</summary>
    public Tensor Ggn() => Full(HessianPart.Ggn);

    /// <summary>The residual part H − GGN (the talk's "dynamic force").</summary>
    public Tensor Residual() => Full(HessianPart.Residual);

    /// <summary>libtorch's intra-op threads for the duration of one computation (restored afterwards).</summary>
    private ThreadScope UseThreads() => new(Options.Threads ?? Environment.ProcessorCount);
}
