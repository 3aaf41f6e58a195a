namespace HessianLab.Structure;

public sealed partial class StructureAnalysis
{
    /// <summary>The analysis from an already reduced map over blocks that cover every layer (e.g. the neuron blocks,
    /// built band by band with <see cref="BlockMap.Builder"/>): the layer map is its coarsening, ‖H‖_F² its total,
    /// the metrics those of <see cref="Analyze(TorchSharp.torch.Tensor, HessianLab.Models.ParameterLayout, BlockPartition?, TorchSharp.torch.Tensor?, TorchSharp.torch.Tensor?)"/>.</summary>
    /// <exception cref="ArgumentException">The map's blocks do not cover the layers of <paramref name="layout"/>.</exception>
    public static StructureAnalysis FromBlockMap(BlockMap fine, Models.ParameterLayout layout)
    {
        var blocks = fine.Partition;
        if (!blocks.CoversSegmentsOf(layout))
            throw new ArgumentException("the block map's partition does not cover the layers of the layout", nameof(fine));
        var layerPartition = BlockPartition.Layers(layout);
        var layers = fine.Coarsen(i => blocks.Blocks[i].Segment, layerPartition);
        double total = layers.TotalEnergy();
        var metrics = new StructureMetrics(layout.Count, Math.Sqrt(total), blocks.Count,
            Ratio(fine.DiagonalEnergy(), total), Ratio(layers.DiagonalEnergy(), total),
            LayerRows(fine, layers, layout, total), PairRows(layers, null, null, layout, total));
        return new StructureAnalysis { Blocks = fine, Layers = layers, Metrics = metrics };
    }
}
