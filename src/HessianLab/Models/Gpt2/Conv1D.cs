using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Models.Gpt2;

/// <summary>GPT-2's "Conv1D": an affine map whose weight is stored transposed, as [in, out]: y = x W + b.</summary>
/// <remarks>So output neuron j owns column W[:, j] (and b[j]); in θ (row-major) its weights sit at stride <c>out</c>.
/// Parameters are named "weight" and "bias", as in the original checkpoints.</remarks>
public sealed class Conv1D : nn.Module<Tensor, Tensor>
{
    /// <summary>W, shape [in, out].</summary>
    public Parameter Weight { get; }

    /// <summary>b, shape [out].</summary>
    public Parameter Bias { get; }

    public Conv1D(string name, int inFeatures, int outFeatures, ScalarType dtype, Device device) : base(name)
    {
        Weight = new Parameter(torch.zeros(new long[] { inFeatures, outFeatures }, dtype, device));
        Bias = new Parameter(torch.zeros(new long[] { outFeatures }, dtype, device));
        register_parameter("weight", Weight);
        register_parameter("bias", Bias);
    }

    /// <summary>x: (…, in) → (…, out).</summary>
    public override Tensor forward(Tensor x) => x.matmul(Weight) + Bias;
}
