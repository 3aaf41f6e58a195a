using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Models.Gpt;

/// <summary>One pre-LN block: x + Attn(LN(x)), then x + MLP(LN(x)).</summary>
/// <remarks>
/// Attention is written with explicit matmul + softmax + causal mask (no fused kernel) because the
/// fused scaled-dot-product attention has no double backward in libtorch (docs/torchsharp.md), and the
/// Hessian experiments need one. Q, K, V and the output projection are separate (out, in) matrices
/// so that their rows (neurons) and heads can be addressed directly — never one fused QKV.
/// </remarks>
public sealed class GptBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm ln1, ln2;
    private readonly Linear q, k, v, o, fc, proj;
    private readonly int _heads;

    public GptBlock(string name, GptConfig c, ScalarType dtype, Device device) : base(name)
    {
        _heads = c.Heads;
        ln1 = nn.LayerNorm(c.Dim, device: device, dtype: dtype);
        ln2 = nn.LayerNorm(c.Dim, device: device, dtype: dtype);
        q = nn.Linear(c.Dim, c.Dim, hasBias: false, device: device, dtype: dtype);
        k = nn.Linear(c.Dim, c.Dim, hasBias: false, device: device, dtype: dtype);
        v = nn.Linear(c.Dim, c.Dim, hasBias: false, device: device, dtype: dtype);
        o = nn.Linear(c.Dim, c.Dim, hasBias: false, device: device, dtype: dtype);
        fc = nn.Linear(c.Dim, 4 * c.Dim, hasBias: false, device: device, dtype: dtype);
        proj = nn.Linear(4 * c.Dim, c.Dim, hasBias: false, device: device, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>x: (B, T, d).</summary>
    public override Tensor forward(Tensor x)
    {
        long b = x.shape[0], t = x.shape[1], d = x.shape[2], hd = d / _heads;
        var h = ln1.forward(x);
        Tensor Split(Tensor z) => z.view(b, t, _heads, hd).transpose(1, 2);      // (B, H, T, hd)
        var qh = Split(q.forward(h));
        var kh = Split(k.forward(h));
        var vh = Split(v.forward(h));
        var scores = qh.matmul(kh.transpose(-2, -1)) / Math.Sqrt(hd);              // (B, H, T, T)
        var mask = torch.ones(t, t, dtype: ScalarType.Bool, device: x.device).triu(1);
        var att = scores.masked_fill(mask, double.NegativeInfinity).softmax(-1);
        var y = att.matmul(vh).transpose(1, 2).contiguous().view(b, t, d);
        x = x + o.forward(y);
        return x + proj.forward(nn.functional.gelu(fc.forward(ln2.forward(x))));
    }
}
