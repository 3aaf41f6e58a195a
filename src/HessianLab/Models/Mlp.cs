using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Models;

/// <summary>A fully connected network f(x) = W_L σ(W_{L-1} … σ(W_1 x + b_1) …) + b_L as a TorchSharp module.</summary>
/// <remarks>
/// Weights are (out, in) like nn.Linear, so row i of W_l is output neuron i. Parameters are
/// registered as W1, b1, W2, … in θ order (see <see cref="ParameterLayout"/>). Default dtype
/// float64: Hessian entries span many orders of magnitude and are compared to 1e-10.
/// </remarks>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly List<Parameter> _weights = new();
    private readonly List<Parameter?> _biases = new();

    /// <summary>The architecture.</summary>
    public MlpSpec Spec { get; }

    /// <summary>Where each weight lives in θ.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>Creates the network with seeded initialization.</summary>
    /// <param name="spec">Architecture (validated here).</param>
    /// <param name="seed">Seed of the initialization generator.</param>
    /// <param name="dtype">Parameter dtype (float64 default).</param>
    /// <param name="device">Device (cpu default); weights are drawn on the CPU for reproducibility, then moved.</param>
    public Mlp(MlpSpec spec, long seed = 0, ScalarType dtype = ScalarType.Float64, Device? device = null) : base("Mlp")
    {
        Spec = spec.Validated();
        Layout = ParameterLayout.ForMlp(spec.Widths, spec.Bias);
        using var gen = new Generator((ulong)seed);
        for (int l = 1; l <= spec.Depth; l++)
        {
            int fanIn = spec.Widths[l - 1], fanOut = spec.Widths[l];
            Tensor w, b;
            if (spec.Init == InitScheme.Lecun)
            {
                // LeCun normal (talk, Assumption 2): N(0, 1/fan_in).
                w = torch.randn(new long[] { fanOut, fanIn }, ScalarType.Float64, generator: gen) * Math.Sqrt(1.0 / fanIn);
                b = torch.zeros(fanOut, ScalarType.Float64);
            }
            else
            {
                // nn.Linear's reset_parameters: kaiming_uniform(a=√5) = U(±1/√fan_in), bias U(±1/√fan_in).
                double bound = 1.0 / Math.Sqrt(fanIn);
                w = (torch.rand(new long[] { fanOut, fanIn }, ScalarType.Float64, generator: gen) * 2 - 1) * bound;
                b = (torch.rand(new long[] { fanOut }, ScalarType.Float64, generator: gen) * 2 - 1) * bound;
            }
            var wp = new Parameter(w.to(dtype, device ?? CPU));
            register_parameter($"W{l}", wp);
            _weights.Add(wp);
            if (spec.Bias)
            {
                var bp = new Parameter(b.to(dtype, device ?? CPU));
                register_parameter($"b{l}", bp);
                _biases.Add(bp);
            }
            else _biases.Add(null);
        }
    }

    /// <summary>Weight matrix W_l (1-based l), shape (d_l, d_{l-1}).</summary>
    public Parameter Weight(int l) => _weights[l - 1];

    /// <summary>Bias b_l (1-based l), or null without biases.</summary>
    public Parameter? Bias(int l) => _biases[l - 1];

    /// <summary>All weights W_1…W_L.</summary>
    public IReadOnlyList<Parameter> Weights => _weights;

    /// <summary>All biases (nulls without biases).</summary>
    public IReadOnlyList<Parameter?> Biases => _biases;

    /// <summary>Parameters in module order (W1, b1, W2, …), the order autograd gradients come in.</summary>
    public IReadOnlyList<Parameter> OrderedParameters()
    {
        var list = new List<Parameter>();
        for (int l = 0; l < _weights.Count; l++)
        {
            list.Add(_weights[l]);
            if (_biases[l] is { } b) list.Add(b);
        }
        return list;
    }

    /// <summary>θ as one vector in the layout's order (a copy, no graph).</summary>
    public Tensor FlatParameters()
    {
        using var _ = torch.no_grad();
        return Layout.Flatten(_weights.Cast<Tensor>().ToList(), _biases.Cast<Tensor?>().ToList());
    }

    /// <summary>Overwrites the weights from θ (layout order).</summary>
    public void LoadFlatParameters(Tensor theta)
    {
        using var _ = torch.no_grad();
        for (int l = 0; l < _weights.Count; l++)
        {
            var seg = Layout.Segments[l];
            var block = theta.narrow(0, seg.Offset, seg.Size).reshape(seg.Rows, seg.Cols);
            _weights[l].copy_(block.narrow(1, 0, seg.WeightCols));
            _biases[l]?.copy_(block.select(1, seg.WeightCols));
        }
    }

    /// <summary>Applies σ of this network.</summary>
    public static Tensor Activate(Tensor z, Activation activation) => activation switch
    {
        Activation.Relu => nn.functional.relu(z),
        Activation.Gelu => nn.functional.gelu(z),
        Activation.Tanh => torch.tanh(z),
        Activation.Identity => z.alias(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    /// <summary>Logits z_L for inputs x of shape (N, d_0).</summary>
    public override Tensor forward(Tensor x)
    {
        Tensor a = x;
        for (int l = 0; l < _weights.Count; l++)
        {
            var z = _biases[l] is { } b ? nn.functional.linear(a, _weights[l], b) : nn.functional.linear(a, _weights[l]);
            a = l < _weights.Count - 1 ? Activate(z, Spec.Activation) : z;
        }
        return a;
    }
}
