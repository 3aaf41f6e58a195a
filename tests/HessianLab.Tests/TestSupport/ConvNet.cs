using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Tests.TestSupport;

/// <summary>A user-style module that is not an MLP: conv (2 filters 1×3×3, bias) → tanh → linear (18 → 3, bias),
/// times a trainable gain (3), plus a frozen offset. P = 2·9 + 2 + 3·18 + 3 + 3 = 80 trainable scalars.</summary>
internal sealed class ConvNet : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly Linear fc;
    private readonly Parameter gain;
    private readonly Parameter offset;

    public ConvNet(long seed) : base(nameof(ConvNet))
    {
        torch.manual_seed(seed);
        conv = nn.Conv2d(1, 2, 3, dtype: ScalarType.Float64);
        fc = nn.Linear(18, 3, dtype: ScalarType.Float64);
        gain = new Parameter(torch.ones(3, dtype: ScalarType.Float64) + 0.1 * torch.randn(3, dtype: ScalarType.Float64));
        offset = new Parameter(torch.randn(3, dtype: ScalarType.Float64), requires_grad: false);
        RegisterComponents();
    }

    /// <summary>Input N × 1 × 5 × 5 → logits N × 3.</summary>
    public override Tensor forward(Tensor x) =>
        fc.forward(torch.tanh(conv.forward(x)).reshape(x.shape[0], -1)) * gain + offset;

    /// <summary>Inputs (N × 1 × 5 × 5, float64) and labels in 0…2.</summary>
    public static (Tensor X, Tensor Y) Data(int n, long seed)
    {
        using var gen = new Generator((ulong)seed);
        var x = torch.randn(new long[] { n, 1, 5, 5 }, ScalarType.Float64, generator: gen);
        var y = torch.randint(0, 3, new long[] { n }, ScalarType.Int64, generator: gen);
        return (x, y);
    }
}
