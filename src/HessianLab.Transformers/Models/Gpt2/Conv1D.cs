using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Models.Gpt2;

/// <summary>GPT-2's "Conv1D": an affine map whose weight is stored transposed, as [in, out]: y = x W + b.</summary>
/// <remarks>So output neuron j owns column W[:, j] (and b[j]); in θ (row-major) its weights sit at stride <c>out</c>.
/// Parameters are named "weight" and "bias", as in the original checkpoints.</remarks>
public sealed class Conv1D : nn.Module<Tensor, Tensor>
{
    // Fields named as the parameters: Module.to(dtype/device) replaces a parameter and sets the field of the same name.
    private Parameter weight;
    private Parameter bias;

    /// <summary>W, shape [in, out].</summary>
    public Parameter Weight => weight;

    /// <summary>b, shape [out].</summary>
    public Parameter Bias => bias;

    public Conv1D(string name, int inFeatures, int outFeatures, ScalarType dtype, Device device) : base(name)
    {
        weight = new Parameter(torch.zeros(new long[] { inFeatures, outFeatures }, dtype, device));
        bias = new Parameter(torch.zeros(new long[] { outFeatures }, dtype, device));
        register_parameter("weight", weight);
        register_parameter("bias", bias);
    }

    /// <summary>x: (…, in) → (…, out).</summary>
    public override Tensor forward(Tensor x) => x.matmul(weight) + bias;
}
