using System.IO;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Optim;

/// <summary>Per-parameter optimizer state: a step count and named buffers (momentum, second moments),
/// kept in float32 or wider and detached from every dispose scope (owned by the optimizer).</summary>
/// <remarks>Saved as the step count followed by each buffer (TorchSharp's tensor format), loaded in place, the
/// way TorchSharp's own optimizer states do, so <c>save_state_dict</c>/<c>load_state_dict</c> resume exactly.</remarks>
public sealed partial class BufferState : OptimizerState, IDisposable
{
    /// <summary>Number of steps taken with this parameter.</summary>
    public long Step { get; set; }

    /// <summary>The buffers, in a fixed order per optimizer.</summary>
    public Tensor[] Buffers { get; }

    /// <summary>Creates zero buffers of the given shapes on the parameter's device.</summary>
    /// <param name="parameter">The parameter (device, dtype).</param>
    /// <param name="shapes">Shape of each buffer.</param>
    public BufferState(Parameter parameter, params long[][] shapes) : base(parameter)
    {
        var dtype = StateDType(parameter.dtype);
        Buffers = shapes.Select(s => torch.zeros(s, dtype, parameter.device).DetachFromDisposeScope()).ToArray();
    }

    /// <summary>Resets to step 0 with zero buffers.</summary>
    public override void Initialize(OptimizerOptions options)
    {
        Step = 0;
        using var _ = torch.no_grad();
        foreach (var b in Buffers) b.zero_();
    }

    /// <summary>The buffer dtype for a parameter dtype: float64 stays float64, everything else is float32
    /// (docs/optimizers.md: keep moments in fp32 even for bf16/fp16 weights).</summary>
    public static ScalarType StateDType(ScalarType parameterDType) =>
        parameterDType == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;

    /// <inheritdoc />
    public override void SaveStateDict(BinaryWriter writer)
    {
        writer.Write(Step);
        writer.Write(Buffers.Length);
        foreach (var b in Buffers) b.Save(writer);
    }

    /// <inheritdoc />
    public override void LoadStateDict(BinaryReader reader)
    {
        Step = reader.ReadInt64();
        int count = reader.ReadInt32();
        if (count != Buffers.Length)
            throw new InvalidDataException($"optimizer state has {count} buffers, this optimizer keeps {Buffers.Length}");
        foreach (var b in Buffers) b.Load(reader);
    }

    /// <inheritdoc />
    public override void LoadStateDict(OptimizerState source)
    {
        if (source is not BufferState s || s.Buffers.Length != Buffers.Length)
            throw new ArgumentException("optimizer state of a different kind", nameof(source));
        Step = s.Step;
        using var _ = torch.no_grad();
        for (int i = 0; i < Buffers.Length; i++) Buffers[i].copy_(s.Buffers[i]);
    }

    /// <inheritdoc />
    public override bool ApproximatelyEquals(OptimizerState other) =>
        other is BufferState s && s.Step == Step && s.Buffers.Length == Buffers.Length &&
        Buffers.Zip(s.Buffers).All(p => p.First.allclose(p.Second));

    /// <inheritdoc />
    public override void to(Device device)
    {
        for (int i = 0; i < Buffers.Length; i++)
        {
            var moved = Buffers[i].to(device).DetachFromDisposeScope();
            if (!ReferenceEquals(moved, Buffers[i])) { Buffers[i].Dispose(); Buffers[i] = moved; }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var b in Buffers) b.Dispose();
    }
}
