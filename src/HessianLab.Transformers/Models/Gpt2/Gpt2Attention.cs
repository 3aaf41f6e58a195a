using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Models.Gpt2;

/// <summary>GPT-2 causal self-attention: fused c_attn [d, 3d] → Q | K | V, heads of width d/H, c_proj [d, d].</summary>
/// <remarks>softmax(Q Kᵀ/√(d/H) + causal mask) V, written with explicit matmul + softmax (not the fused
/// scaled-dot-product kernel, which has no double backward in libtorch), so Hessian rows and HVPs work.
/// Masked scores are −∞ (the original uses the dtype's minimum; both give weight exactly 0 after softmax).</remarks>
public sealed class Gpt2Attention : nn.Module<Tensor, Tensor>
{
    private readonly Conv1D _cAttn, _cProj;
    private readonly int _heads;

    public Gpt2Attention(string name, Gpt2Config c, ScalarType dtype, Device device) : base(name)
    {
        _heads = c.Heads;
        _cAttn = new Conv1D("c_attn", c.Embedding, 3 * c.Embedding, dtype, device);
        _cProj = new Conv1D("c_proj", c.Embedding, c.Embedding, dtype, device);
        register_module("c_attn", _cAttn);
        register_module("c_proj", _cProj);
    }

    /// <summary>x: (B, T, d).</summary>
    public override Tensor forward(Tensor x)
    {
        long b = x.shape[0], t = x.shape[1], d = x.shape[2], hd = d / _heads;
        var qkv = _cAttn.forward(x).split(d, -1);
        Tensor Heads(Tensor z) => z.view(b, t, _heads, hd).transpose(1, 2);   // (B, H, T, hd)
        var q = Heads(qkv[0]);
        var k = Heads(qkv[1]);
        var v = Heads(qkv[2]);
        var scores = q.matmul(k.transpose(-2, -1)) / Math.Sqrt(hd);           // (B, H, T, T)
        using var mask = torch.ones(t, t, dtype: ScalarType.Bool, device: x.device).triu(1);
        var weights = scores.masked_fill(mask, double.NegativeInfinity).softmax(-1);
        var y = weights.matmul(v).transpose(1, 2).contiguous().view(b, t, d);
        return _cProj.forward(y);
    }
}
