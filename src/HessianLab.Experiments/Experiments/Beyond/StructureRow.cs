using HessianLab.Structure;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Beyond;

/// <summary>The structure numbers of one objective's Hessian under the MLP-row partition (E14).</summary>
/// <param name="Name">Objective name.</param>
/// <param name="Family">Its family.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Rho">ρ per layer (off/diag energy of the row blocks of each matrix).</param>
/// <param name="BlockShare">Share of ‖H‖_F² in the row (neuron) diagonal blocks.</param>
/// <param name="LayerShare">Share of ‖H‖_F² in the diagonal layer blocks.</param>
/// <param name="Fill">Fraction of the entries of the row diagonal blocks with |H_ij| &gt; 1e-12 max|H| (dense blocks ≈ 1; a banded or
/// separable Hessian has few).</param>
public sealed record StructureRow(string Name, string Family, long Seed, IReadOnlyList<double> Rho, double BlockShare, double LayerShare, double Fill)
{
    /// <summary>Reads the numbers off a Hessian.</summary>
    public static StructureRow Of(Objective o, long seed, Tensor h)
    {
        var layout = o.Layout;
        var m = StructureAnalysis.Analyze(h, layout).Metrics;
        using var scope = NewDisposeScope();
        double tol = 1e-12 * h.abs().max().item<double>();
        long nonzero = 0, entries = 0;
        foreach (var b in layout.NeuronBlocks())
        {
            var block = h.narrow(0, b.Start, b.Length).narrow(1, b.Start, b.Length);
            nonzero += block.abs().gt(tol).sum().item<long>();
            entries += (long)b.Length * b.Length;
        }
        return new StructureRow(o.Name, o.Family, seed, m.Layers.Select(l => l.Rho).ToList(), m.BlockDiagonalShare, m.LayerDiagonalShare, (double)nonzero / entries);
    }
}
