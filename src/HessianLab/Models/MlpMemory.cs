using HessianLab.Core;

namespace HessianLab.Models;

/// <summary>What training or differentiating an MLP over a full batch allocates, for <see cref="MemoryPlan"/>.</summary>
public static class MlpMemory
{
    /// <summary>P = Σ_l d_l (d_{l−1} + bias), in double (no overflow for any widths).</summary>
    public static double ParameterCount(IReadOnlyList<int> widths, bool bias)
    {
        double p = 0;
        for (int l = 1; l < widths.Count; l++) p += (double)widths[l] * (widths[l - 1] + (bias ? 1 : 0));
        return p;
    }

    /// <summary>Data (X: N×d, labels), weights with gradients and two optimizer moments, and the activations a
    /// forward and backward pass over all N samples keep (≈ 3 tensors of N × d_l per layer).</summary>
    public static MemoryPlan FullBatch(IReadOnlyList<int> widths, bool bias, double samples, int elementSize)
    {
        double p = ParameterCount(widths, bias);
        double activations = widths.Skip(1).Sum(w => (double)w);
        return new MemoryPlan()
            .Add($"data X ({samples:0}×{widths[0]})", elementSize, samples, widths[0])
            .Add("labels", 8, samples)
            .Add($"weights, gradients and optimizer state ({p:0} parameters)", elementSize, 4, p)
            .Add($"activations ({samples:0} samples × {activations:0} units, forward and backward)", elementSize, 3, samples, activations);
    }
}
