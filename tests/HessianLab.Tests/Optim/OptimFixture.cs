using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Optim;

/// <summary>A small MLP and data set, and helpers to step an optimizer on its full-batch loss.</summary>
internal static class OptimFixture
{
    public static (Mlp Model, Dataset Data) Small(bool bias = true, long seed = 1, int[]? widths = null) =>
        (new Mlp(new MlpSpec(widths ?? new[] { 6, 8, 7, 3 }, Activation.Tanh, bias), seed: seed),
         SyntheticData.Create(DataKind.Clusters, 30, (widths ?? new[] { 6 })[0], (widths ?? new[] { 6, 8, 7, 3 })[^1], seed: seed + 10));

    /// <summary>zero_grad, backward of the CE loss, step; returns the loss before the step.</summary>
    public static double Step(Mlp model, Dataset data, optim.Optimizer opt)
    {
        using var scope = NewDisposeScope();
        opt.zero_grad();
        var l = Loss.Compute(LossKind.Ce, model.forward(data.X), data.Y);
        l.backward();
        opt.step();
        return l.item<double>();
    }

    /// <summary>Sets the gradient of every parameter from a CE backward without stepping.</summary>
    public static void Backward(Mlp model, Dataset data)
    {
        using var scope = NewDisposeScope();
        foreach (var p in model.parameters()) p.grad?.zero_();
        Loss.Compute(LossKind.Ce, model.forward(data.X), data.Y).backward();
    }

    /// <summary>(S)^{+1/2 or −1/2} of a symmetric PSD matrix by eigh, inverting only eigenvalues above a relative cutoff.</summary>
    public static Tensor SymPower(Tensor s, double power)
    {
        var (evals, evecs) = linalg.eigh(s);
        double cutoff = 1e-10 * evals.abs().max().item<double>();
        var f = where(evals > cutoff, evals.clamp_min(cutoff).pow(power), zeros_like(evals));
        return evecs.matmul(diag(f)).matmul(evecs.t());
    }

    /// <summary>Kronecker product A ⊗ B.</summary>
    public static Tensor Kron(Tensor a, Tensor b) => torch.kron(a, b);
}
