using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Core;

/// <summary>Stops a run whose numbers stopped being numbers: NaN or ±inf in weights, losses or a Hessian.</summary>
public static class NonFinite
{
    /// <summary>Throws when <paramref name="t"/> holds NaN or ±inf; the message counts each and names <paramref name="what"/>.</summary>
    /// <remarks>A real tensor is checked by its <see cref="Extremes"/> (no copy of t); entries are counted only when the
    /// check fails.</remarks>
    /// <exception cref="ArithmeticException">Non-finite entries.</exception>
    public static void ThrowIfAny(Tensor t, string what)
    {
        if (t.numel() == 0 || !(t.is_floating_point() || t.is_complex())) return;
        ThrowIfAny(t.is_floating_point() ? Extremes.Of(t) : null, t, what);
    }

    /// <summary>Same, for a tensor whose <paramref name="extremes"/> the caller has already computed (null: complex).</summary>
    /// <exception cref="ArithmeticException">Non-finite entries.</exception>
    public static void ThrowIfAny(Extremes? extremes, Tensor t, string what)
    {
        using var scope = torch.NewDisposeScope();
        if (extremes is { } e ? e.AllFinite : t.isfinite().all().item<bool>()) return;
        long nan = t.isnan().sum().item<long>();
        long inf = t.isinf().sum().item<long>();
        throw new ArithmeticException($"{what} has {nan:N0} NaN and {inf:N0} infinite entries of {t.numel():N0}; nothing was written (lower the learning rate or train fewer steps)");
    }

    /// <summary>Checks every tensor of <paramref name="tensors"/> (e.g. a module's parameters).</summary>
    public static void ThrowIfAny(IEnumerable<Tensor> tensors, string what)
    {
        foreach (var t in tensors) ThrowIfAny(t, what);
    }
}
