using HessianLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Structure;

/// <summary>Block maps and structure metrics of one Hessian, computed together so the matrix is read once
/// per map (the plots reuse <see cref="Blocks"/> and <see cref="Layers"/>).</summary>
public sealed partial class StructureAnalysis
{
    /// <summary>Maps over the block partition (per neuron by default).</summary>
    public required BlockMap Blocks { get; init; }

    /// <summary>Maps over the layer partition (L × L).</summary>
    public required BlockMap Layers { get; init; }

    /// <summary>‖(H_GGN)_lk‖_F² per layer pair (0-based, L × L; NaN where not given), or null.</summary>
    public double[,]? GgnLayerEnergy { get; init; }

    /// <summary>‖(H_res)_lk‖_F² per layer pair (0-based, L × L; NaN where not given), or null.</summary>
    public double[,]? ResidualLayerEnergy { get; init; }

    /// <summary>The metrics derived from the maps.</summary>
    public required StructureMetrics Metrics { get; init; }

    /// <summary>Computes the maps and metrics of a P × P Hessian.</summary>
    /// <param name="h">The Hessian in the layout's θ order (float64 or float32).</param>
    /// <param name="layout">Gives the layers (segments) and, by default, the neuron blocks.</param>
    /// <param name="blocks">Block partition for the fine map and ρ (default: <see cref="BlockPartition.Neurons"/>);
    /// ρ is taken per group of blocks with the same <see cref="ParameterBlock.Segment"/>.</param>
    /// <param name="ggn">The GGN part of <paramref name="h"/> (same shape), optional.</param>
    /// <param name="residual">The residual part H - GGN (same shape), optional.</param>
    /// <exception cref="ArgumentException">Shapes that do not match the layout.</exception>
    public static StructureAnalysis Analyze(Tensor h, ParameterLayout layout, BlockPartition? blocks = null,
        Tensor? ggn = null, Tensor? residual = null)
    {
        if (ggn is not null) CheckShape(ggn, layout, "GGN part");
        if (residual is not null) CheckShape(residual, layout, "residual part");
        var layerPartition = BlockPartition.Layers(layout);
        return Analyze(h, layout, blocks,
            ggn is null ? null : BlockMap.Compute(ggn, layerPartition).EnergyMap,
            residual is null ? null : BlockMap.Compute(residual, layerPartition).EnergyMap);
    }

    /// <summary>Same, with the GGN and residual parts given only for some layer blocks, as the exact engine
    /// computes them (<c>ExactMlpHessian.LayerBlocks(pairs, part)</c>): keys are 1-based (l, k), values P_l × P_k.</summary>
    public static StructureAnalysis Analyze(Tensor h, ParameterLayout layout,
        IReadOnlyDictionary<(int Row, int Col), Tensor>? ggnBlocks, IReadOnlyDictionary<(int Row, int Col), Tensor>? residualBlocks,
        BlockPartition? blocks = null) =>
        Analyze(h, layout, blocks, LayerEnergies(ggnBlocks, layout, "GGN"), LayerEnergies(residualBlocks, layout, "residual"));

    /// <summary>ρ of one diagonal layer block alone (e.g. H_WW from <c>ExactMlpHessian.LayerBlock(1, 1)</c>),
    /// cut into consecutive blocks of <paramref name="blockSize"/> (the neuron blocks of that layer).</summary>
    /// <exception cref="ArgumentException">A non-square block or a size that does not divide it.</exception>
    public static (double Rho, double MeanDiagonal, double MeanOffDiagonal) LayerRho(Tensor layerBlock, int blockSize)
    {
        long p = layerBlock.shape[0];
        if (blockSize <= 0 || p % blockSize != 0)
            throw new ArgumentException($"block size {blockSize} does not divide the {p}×{p} layer block");
        int n = (int)(p / blockSize);
        var part = new BlockPartition(Enumerable.Range(0, n).Select(i => new ParameterBlock((long)i * blockSize, blockSize, 0, $"[{i}]")));
        var map = BlockMap.Compute(layerBlock, part);
        return OffDiagonalRatio(map.EnergyMap, Enumerable.Range(0, n).ToList());
    }

    private static StructureAnalysis Analyze(Tensor h, ParameterLayout layout, BlockPartition? blocks, double[,]? ggnEnergy, double[,]? resEnergy)
    {
        CheckShape(h, layout, "Hessian");
        blocks ??= BlockPartition.Neurons(layout);
        var layerPartition = BlockPartition.Layers(layout);
        var fine = BlockMap.Compute(h, blocks);
        bool covers = blocks.CoversSegmentsOf(layout);
        var layers = covers ? fine.Coarsen(i => blocks.Blocks[i].Segment, layerPartition) : BlockMap.Compute(h, layerPartition);
        double total = covers ? layers.TotalEnergy() : SquaredNorm(h);
        var metrics = new StructureMetrics(layout.Count, Math.Sqrt(total), blocks.Count,
            Ratio(fine.DiagonalEnergy(), total), Ratio(layers.DiagonalEnergy(), total),
            LayerRows(fine, layers, layout, total), PairRows(layers, ggnEnergy, resEnergy, layout, total));
        return new StructureAnalysis { Blocks = fine, Layers = layers, GgnLayerEnergy = ggnEnergy, ResidualLayerEnergy = resEnergy, Metrics = metrics };
    }

    /// <summary>ρ = mean_{I≠J} F²[I,J] / mean_I F²[I,I] over the blocks <paramref name="indices"/> of an energy map.</summary>
    /// <returns>(ρ, mean diagonal energy, mean off-diagonal energy); ρ is NaN for fewer than two blocks or a zero diagonal.</returns>
    public static (double Rho, double MeanDiagonal, double MeanOffDiagonal) OffDiagonalRatio(double[,] energy, IReadOnlyList<int> indices)
    {
        int n = indices.Count;
        double diag = 0, all = 0;
        foreach (int i in indices)
        {
            diag += energy[i, i];
            foreach (int j in indices) all += energy[i, j];
        }
        double meanDiag = n > 0 ? diag / n : double.NaN;
        double meanOff = n > 1 ? (all - diag) / ((double)n * (n - 1)) : double.NaN;
        double rho = n > 1 && meanDiag > 0 ? meanOff / meanDiag : double.NaN;
        return (rho, meanDiag, meanOff);
    }

    private static List<LayerStructure> LayerRows(BlockMap fine, BlockMap layers, ParameterLayout layout, double total)
    {
        var rows = new List<LayerStructure>();
        foreach (int g in fine.Partition.Groups())
        {
            var idx = fine.Partition.IndicesOf(g);
            var (rho, md, mo) = OffDiagonalRatio(fine.EnergyMap, idx);
            double groupEnergy = 0, diag = 0;
            foreach (int i in idx)
            {
                diag += fine.EnergyMap[i, i];
                foreach (int j in idx) groupEnergy += fine.EnergyMap[i, j];
            }
            string name = g >= 0 && g < layout.Segments.Count ? layout.Segments[g].Name : $"group{g}";
            rows.Add(new LayerStructure(name, idx.Count, idx.Max(i => fine.Partition.Blocks[i].Length), rho, md, mo,
                Ratio(diag, groupEnergy), Ratio(groupEnergy, total)));
        }
        return rows;
    }

    private static double[,]? LayerEnergies(IReadOnlyDictionary<(int Row, int Col), Tensor>? blocks, ParameterLayout layout, string what)
    {
        if (blocks is null) return null;
        int n = layout.Segments.Count;
        var e = new double[n, n];
        for (int l = 0; l < n; l++)
            for (int k = 0; k < n; k++) e[l, k] = double.NaN;
        foreach (var ((l, k), t) in blocks)
        {
            if (l < 1 || l > n || k < 1 || k > n) throw new ArgumentException($"{what} block ({l},{k}) outside layers 1…{n}");
            var (sl, sk) = (layout.Segments[l - 1], layout.Segments[k - 1]);
            if (t.dim() != 2 || t.shape[0] != sl.Size || t.shape[1] != sk.Size)
                throw new ArgumentException($"{what} block ({l},{k}) has shape [{string.Join(",", t.shape)}], expected [{sl.Size},{sk.Size}]");
            using var scope = torch.NewDisposeScope();
            double norm = torch.linalg.vector_norm(t.detach().to_type(ScalarType.Float64)).item<double>();
            e[l - 1, k - 1] = e[k - 1, l - 1] = norm * norm;
        }
        return e;
    }

    private static List<LayerPairShare> PairRows(BlockMap layers, double[,]? ggn, double[,]? res, ParameterLayout layout, double total)
    {
        var rows = new List<LayerPairShare>();
        int n = layout.Segments.Count;
        for (int l = 0; l < n; l++)
            for (int k = l + 1; k < n; k++)
            {
                double e = layers.EnergyMap[l, k];
                double? ge = ggn is null || double.IsNaN(ggn[l, k]) ? null : ggn[l, k];
                double? re = res is null || double.IsNaN(res[l, k]) ? null : res[l, k];
                rows.Add(new LayerPairShare(layout.Segments[l].Name, layout.Segments[k].Name, k - l, Math.Sqrt(e), Ratio(e, total),
                    Math.Sqrt(Ratio(e, total)), ge is { } g1 ? Math.Sqrt(g1) : null, re is { } r1 ? Math.Sqrt(r1) : null,
                    ge is { } g2 ? Ratio(g2, total) : null, re is { } r2 ? Ratio(r2, total) : null));
            }
        return rows;
    }

    private static double Ratio(double a, double b) => b > 0 ? a / b : double.NaN;

    private static double SquaredNorm(Tensor h)
    {
        using var scope = torch.NewDisposeScope();
        double n = torch.linalg.vector_norm(h.detach().to_type(ScalarType.Float64)).item<double>();
        return n * n;
    }

    private static void CheckShape(Tensor t, ParameterLayout layout, string what)
    {
        if (t.dim() != 2 || t.shape[0] != layout.Count || t.shape[1] != layout.Count)
            throw new ArgumentException($"the {what} has shape [{string.Join(",", t.shape)}] but the layout has P = {layout.Count}");
    }
}
