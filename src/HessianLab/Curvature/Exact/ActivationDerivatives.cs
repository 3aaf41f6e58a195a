using HessianLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature.Exact;

/// <summary>σ(z), σ'(z) and σ''(z) of the MLP activations, matching PyTorch's forward/backward.</summary>
/// <remarks>
/// relu: σ' = 1[z &gt; 0] (PyTorch's subgradient 0 at z = 0), σ'' = 0. identity: σ' = 1, σ'' = 0.
/// tanh: σ' = 1 − t², σ'' = −2t(1 − t²). exact GELU σ = zΦ(z): σ' = Φ(z) + zφ(z), σ'' = φ(z)(2 − z²).
/// </remarks>
internal static class ActivationDerivatives
{
    /// <summary>Whether σ'' vanishes (almost) everywhere, so every residual curvature R_l is 0.</summary>
    public static bool IsPiecewiseLinear(Activation activation) => activation is Activation.Relu or Activation.Identity;

    /// <summary>Returns (σ(z), σ'(z), σ''(z) or null when it is identically 0).</summary>
    public static (Tensor Value, Tensor First, Tensor? Second) Evaluate(Tensor z, Activation activation)
    {
        switch (activation)
        {
            case Activation.Relu:
                return (nn.functional.relu(z), z.gt(0).to_type(z.dtype), null);
            case Activation.Identity:
                return (z.alias(), torch.ones_like(z), null);
            case Activation.Tanh:
            {
                var t = torch.tanh(z);
                var s = 1 - t * t;
                return (t, s, -2 * t * s);
            }
            case Activation.Gelu:
            {
                var phi = torch.exp(-0.5 * z * z) * (1.0 / Math.Sqrt(2 * Math.PI));
                var cdf = 0.5 * (1 + torch.erf(z * (1.0 / Math.Sqrt(2))));
                return (z * cdf, cdf + z * phi, phi * (2 - z * z));
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(activation));
        }
    }
}
