using HessianLab.Models;
using HessianLab.Plots;
using HessianLab.Structure;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Hessians;

/// <summary>The pictures E1, E2 and E6 draw of one Hessian (docs/experiments.md), with the authors' colour
/// convention: linear scale, vmax = max|H| / k (k = 100 full, 10 for H_WW, 100 for H_VV), plus log scale.</summary>
public static class HessianFigures
{
    /// <summary>Full |H| (linear and log) with neuron and layer grid lines, the layer-block norm map,
    /// and for every layer its diagonal block (and for a 2-layer net H_WV) and its neuron mean-|H| map.</summary>
    /// <param name="context">Where to write.</param>
    /// <param name="prefix">File-name prefix, e.g. "init" or "step_500".</param>
    /// <param name="caption">Title prefix, e.g. "E1 at init".</param>
    /// <param name="h">The Hessian.</param>
    /// <param name="layout">Its layout.</param>
    /// <param name="analysis">Its structure analysis.</param>
    /// <param name="layerBlocks">Also draw each layer's diagonal block (and H_WV for 2 layers) on its own.</param>
    /// <returns>The files written.</returns>
    public static List<string> Save(ExperimentContext context, string prefix, string caption, Tensor h,
        ParameterLayout layout, StructureAnalysis analysis, bool layerBlocks = true)
    {
        var files = new List<string>();
        var grid = new HeatmapOptions { Title = $"{caption}: full Hessian", VmaxDivisor = 100 }.WithLayoutGrid(layout);
        files.Add(Heatmap(context, $"{prefix}_H_full.png", h, grid));
        files.Add(Heatmap(context, $"{prefix}_H_full_log.png", h, grid with { Scale = HeatmapScale.Log }));
        var names = layout.Segments.Select(s => s.Name).ToList();
        string norms = context.PathOf($"{prefix}_layer_block_norms.png");
        BlockMapPlot.Save(norms, analysis.Layers.FrobeniusMap(), new BlockMapOptions
        {
            Title = $"{caption}: layer-block norms ‖H_lk‖_F", ColorbarLabel = "‖H_lk‖_F", RowLabels = names, Log = layout.Segments.Count > 2,
        });
        files.Add(norms);
        if (!layerBlocks) return files;
        var segs = layout.Segments;
        bool two = segs.Count == 2;
        for (int l = 0; l < segs.Count; l++)
        {
            string name = two ? (l == 0 ? "WW" : "VV") : $"W{l + 1}W{l + 1}";
            var block = h.narrow(0, segs[l].Offset, segs[l].Size).narrow(1, segs[l].Offset, segs[l].Size);
            var o = new HeatmapOptions
            {
                Title = $"{caption}: H_{name} ({segs[l].Rows} neuron blocks of {segs[l].Cols})",
                VmaxDivisor = two && l == 0 ? 10 : 100, RowStart = segs[l].Offset, ColumnStart = segs[l].Offset,
            }.WithLayoutGrid(layout);
            files.Add(Heatmap(context, $"{prefix}_H_{name}.png", block, o));
            if (segs[l].Rows <= 64) files.Add(NeuronMap(context, $"{prefix}_blockmap_{name}.png", caption, name, analysis, l));
        }
        if (two)
        {
            var wv = h.narrow(0, segs[0].Offset, segs[0].Size).narrow(1, segs[1].Offset, segs[1].Size);
            files.Add(Heatmap(context, $"{prefix}_H_WV.png", wv, new HeatmapOptions
            {
                Title = $"{caption}: H_WV", VmaxDivisor = 10, RowStart = segs[0].Offset, ColumnStart = segs[1].Offset,
            }.WithLayoutGrid(layout)));
        }
        return files;
    }

    /// <summary>Mean |H| per neuron block inside layer <paramref name="layer"/> (annotated when small).</summary>
    private static string NeuronMap(ExperimentContext context, string file, string caption, string name, StructureAnalysis a, int layer)
    {
        var idx = a.Blocks.Partition.IndicesOf(layer);
        var mean = a.Blocks.MeanAbsMap();
        var m = new double[idx.Count, idx.Count];
        for (int i = 0; i < idx.Count; i++)
            for (int j = 0; j < idx.Count; j++) m[i, j] = mean[idx[i], idx[j]];
        string path = context.PathOf(file);
        BlockMapPlot.Save(path, m, new BlockMapOptions
        {
            Title = $"{caption}: mean |H| per neuron block of H_{name}",
            RowLabels = idx.Select(i => a.Blocks.Partition.Blocks[i].Label).ToList(),
            Log = idx.Count > 16,
        });
        return path;
    }

    private static string Heatmap(ExperimentContext context, string file, Tensor m, HeatmapOptions o)
    {
        string path = context.PathOf(file);
        MatrixHeatmap.Save(path, m, o);
        return path;
    }
}
