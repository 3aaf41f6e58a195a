using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Models.Gpt2;

/// <summary>One GPT-2 block (pre-LayerNorm): x + attn(ln_1(x)), then x + c_proj(gelu_tanh(c_fc(ln_2(x)))).</summary>
/// <remarks>Submodules carry the original names (ln_1, attn, ln_2, mlp.c_fc, mlp.c_proj). The GELU is GPT-2's tanh
/// approximation ("gelu_new"): ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (Hendrycks and Gimpel 2016), written out.</remarks>
public sealed class Gpt2Block : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm _ln1, _ln2;
    private readonly Gpt2Attention _attn;
    private readonly Sequential _mlp;
    private readonly Conv1D _cFc, _cProj;

    public Gpt2Block(string name, Gpt2Config c, ScalarType dtype, Device device) : base(name)
    {
        _ln1 = nn.LayerNorm(c.Embedding, c.LayerNormEpsilon, device: device, dtype: dtype);
        _ln2 = nn.LayerNorm(c.Embedding, c.LayerNormEpsilon, device: device, dtype: dtype);
        _attn = new Gpt2Attention("attn", c, dtype, device);
        _cFc = new Conv1D("c_fc", c.Embedding, 4 * c.Embedding, dtype, device);
        _cProj = new Conv1D("c_proj", 4 * c.Embedding, c.Embedding, dtype, device);
        _mlp = nn.Sequential(("c_fc", _cFc), ("c_proj", _cProj));
        register_module("ln_1", _ln1);
        register_module("attn", _attn);
        register_module("ln_2", _ln2);
        register_module("mlp", _mlp);
    }

    /// <summary>x: (B, T, d).</summary>
    public override Tensor forward(Tensor x)
    {
        x = x + _attn.forward(_ln1.forward(x));
        return x + _cProj.forward(GeluTanh(_cFc.forward(_ln2.forward(x))));
    }

    /// <summary>½x(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
    public static Tensor GeluTanh(Tensor x) => 0.5 * x * (1 + torch.tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x.pow(3))));
}
