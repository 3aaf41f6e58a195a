using HessianLab.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.IO;

/// <summary>A parameter-only module whose state_dict has exactly an MLP's keys in a given style, so PyBridge's
/// strict module loaders check names and shapes; values move between it and the <see cref="Mlp"/> by copy.</summary>
internal sealed class StateCarrier : nn.Module
{
    private readonly List<(int Layer, bool IsBias, Parameter Value)> _entries = new();

    public StateCarrier(Mlp model, MlpKeyStyle style, ScalarType dtype) : base("StateCarrier")
    {
        for (int l = 1; l <= model.Spec.Depth; l++)
        {
            Add(TorchCheckpoint.WeightKey(l, style), l, false, model.Weight(l), dtype);
            if (model.Bias(l) is { } b) Add(TorchCheckpoint.BiasKey(l, style), l, true, b, dtype);
        }
    }

    /// <summary>The keys, in order.</summary>
    public IEnumerable<string> Keys => named_parameters().Select(p => p.name);

    private void Add(string key, int layer, bool isBias, Tensor like, ScalarType dtype)
    {
        // Keys with dots ("0.weight") are legal state_dict keys but not parameter names: nest a child per prefix.
        var p = new Parameter(zeros(like.shape, dtype), requires_grad: false);
        Register(this, key.Split('.'), 0, p);
        _entries.Add((layer, isBias, p));
    }

    private static void Register(nn.Module at, string[] parts, int i, Parameter p)
    {
        if (i == parts.Length - 1) { at.register_parameter(parts[i], p); return; }
        var child = at.named_children().FirstOrDefault(c => c.name == parts[i]).module as nn.Module;
        if (child is null) { child = new Container(); at.register_module(parts[i], child); }
        Register(child, parts, i + 1, p);
    }

    public void CopyFrom(Mlp model)
    {
        using var _ = no_grad();
        foreach (var (l, isBias, p) in _entries) p.copy_(isBias ? model.Bias(l)! : model.Weight(l));
    }

    public void CopyTo(Mlp model)
    {
        using var _ = no_grad();
        foreach (var (l, isBias, p) in _entries)
        {
            if (!p.isfinite().all().item<bool>())
                throw new InvalidDataException($"layer {l} {(isBias ? "bias" : "weight")} holds NaN or infinite values");
        }
        foreach (var (l, isBias, p) in _entries) (isBias ? model.Bias(l)! : model.Weight(l)).copy_(p);
    }

    private sealed class Container() : nn.Module("Container");
}
