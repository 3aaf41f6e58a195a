using HessianLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature.Exact;

/// <summary>A detached snapshot of an MLP's weights in the engine's dtype, with the sizes the formulas use.</summary>
/// <remarks>Layer indices are 1-based as in docs/hessian-math.md: W_l is (d_l × c_{l-1}) where c_{l-1} = d_{l-1} (+1 with
/// a bias column, θ's [W | b] rows), and <see cref="Linear"/>(l) is its weight part (d_l × d_{l-1}).
/// Create it inside a dispose scope: its tensors belong to that scope.</remarks>
internal sealed class MlpWeights
{
    private readonly Tensor[] _full;
    private readonly Tensor[] _linear;

    public MlpWeights(Mlp model, ScalarType dtype)
    {
        Spec = model.Spec;
        Depth = Spec.Depth;
        Bias = Spec.Bias;
        _full = new Tensor[Depth + 1];
        _linear = new Tensor[Depth + 1];
        using var _ = torch.no_grad();
        for (int l = 1; l <= Depth; l++)
        {
            var w = model.Weight(l).detach().to_type(dtype);
            _linear[l] = w.contiguous();
            _full[l] = model.Bias(l) is { } b
                ? torch.cat(new[] { w, b.detach().to_type(dtype).reshape(-1, 1) }, 1)
                : _linear[l];
        }
        Device = _linear[1].device;
    }

    public MlpSpec Spec { get; }
    public int Depth { get; }
    public bool Bias { get; }
    public Device Device { get; }

    /// <summary>d_l, l = 0…L.</summary>
    public int Width(int l) => Spec.Widths[l];

    /// <summary>c_l = d_l + [bias]: columns of W_{l+1}, the length of ã_l.</summary>
    public int Cols(int l) => Spec.Widths[l] + (Bias ? 1 : 0);

    /// <summary>P_l = d_l · c_{l-1}, entries of layer l in θ.</summary>
    public long LayerSize(int l) => (long)Width(l) * Cols(l - 1);

    /// <summary>[W_l | b_l] (d_l × c_{l-1}).</summary>
    public Tensor Full(int l) => _full[l];

    /// <summary>W_l without the bias column (d_l × d_{l-1}).</summary>
    public Tensor Linear(int l) => _linear[l];
}
