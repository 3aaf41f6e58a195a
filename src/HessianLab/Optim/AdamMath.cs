using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Optim;

/// <summary>The Adam step shared by <see cref="AdamW"/> and <see cref="AdamMini"/>; each keeps its reference's order of
/// floating-point operations (torch.optim.AdamW; the Adam-mini paper's formula).</summary>
internal static class AdamMath
{
    /// <summary>W ·= 1 − lr·wd; m = β₁ m + (1−β₁) g; v = β₂ v + (1−β₂) s; W −= lr · (m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε),
    /// with s = g² per element (AdamW: v shaped like m) or mean g² per block (Adam-mini: m is blocks × k, v is blocks).</summary>
    public static void Step(Parameter param, Tensor grad, BufferState state, AdamOptions o)
    {
        double lr = o.LearningRate!.Value, beta1 = o.Beta1!.Value, beta2 = o.Beta2!.Value, eps = o.Eps!.Value, wd = o.WeightDecay!.Value;
        Tensor m = state.Buffers[0], v = state.Buffers[1];
        bool perBlock = v.dim() < m.dim();
        var g = grad.reshape(m.shape).to(m.dtype);
        param.mul_(1 - lr * wd);
        double bc1 = 1 - Math.Pow(beta1, state.Step), bc2 = 1 - Math.Pow(beta2, state.Step);
        m.mul_(beta1).add_(g, alpha: 1 - beta1);
        if (perBlock) v.mul_(beta2).add_((g * g).mean(new long[] { 1 }), alpha: 1 - beta2);
        else v.mul_(beta2).addcmul_(g, g, value: 1 - beta2);
        if (perBlock)
        {
            var denom = (v / bc2).sqrt_().add_(eps).unsqueeze(1);             // the paper's order of operations
            param.add_(((m / bc1) / denom).reshape(param.shape).to(param.dtype), alpha: -lr);
        }
        else
        {
            var denom = (v.sqrt() / Math.Sqrt(bc2)).add_(eps);                // torch.optim.AdamW's
            param.add_((m / denom).to(param.dtype), alpha: -lr / bc1);
        }
    }
}
