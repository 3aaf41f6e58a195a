using HessianLab.Models;
using HessianLab.Plots;
using HessianLab.Structure;
using static TorchSharp.torch;

namespace HessianLab.Runs;

public static partial class HessianRun
{
    /// <summary>The pictures of a Hessian run: |H| (linear, vmax = max/100, the authors' convention, and log),
    /// each layer's diagonal block (vmax = max/10 for hidden layers, max/100 for the output layer, as the
    /// authors draw H_WW and H_VV), the mean-|H| map of neuron blocks and the layer-block norm map.</summary>
    private static IEnumerable<string> WritePictures(HessianRunOptions o, string dir, Tensor h, ParameterLayout layout, StructureAnalysis analysis)
    {
        string net = $"{o.Model.WidthsText} {o.Model.Activation.ToString().ToLowerInvariant()}, {o.Loss.ToString().ToUpperInvariant()}, N={o.Samples}"
                     + (o.TrainingOrNone.Steps > 0 ? $", after {o.TrainingOrNone.Steps} Adam steps" : ", at init");
        var grid = new HeatmapOptions().WithLayoutGrid(layout);
        string Path1(string name) => Path.Combine(dir, name);

        MatrixHeatmap.Save(Path1("hessian_abs_linear.png"), h, grid with { Title = net, VmaxDivisor = 100 });
        yield return Path1("hessian_abs_linear.png");
        MatrixHeatmap.Save(Path1("hessian_abs_log.png"), h, grid with { Title = net, Scale = HeatmapScale.Log });
        yield return Path1("hessian_abs_log.png");

        if (layout.Segments.Count > 1)
            for (int l = 0; l < layout.Segments.Count; l++)
            {
                var seg = layout.Segments[l];
                bool output = l == layout.Segments.Count - 1;
                using var block = h.narrow(0, seg.Offset, seg.Size).narrow(1, seg.Offset, seg.Size);
                var sub = new ParameterLayout(new[] { seg with { Offset = 0 } });
                int k = output ? 100 : 10;
                string file = $"block_{seg.Name}_{seg.Name}.png";
                MatrixHeatmap.Save(Path1(file), block, new HeatmapOptions().WithLayoutGrid(sub) with
                    { Title = $"block H[{seg.Name},{seg.Name}] of {net}", VmaxDivisor = k });
                yield return Path1(file);
            }

        var labels = layout.NeuronBlocks().Select(b => b.Label).ToList();
        BlockMapPlot.Save(Path1("neuron_block_map.png"), analysis.Blocks.MeanAbsMap(), new BlockMapOptions
        {
            Title = $"mean |H| per neuron block ({labels.Count}×{labels.Count} blocks)", RowLabels = labels, ColumnLabels = labels, Log = true,
        });
        yield return Path1("neuron_block_map.png");
        var names = layout.Segments.Select(s => s.Name).ToList();
        BlockMapPlot.Save(Path1("layer_block_norms.png"), analysis.Layers.FrobeniusMap(), new BlockMapOptions
        {
            Title = "‖H[l,k]‖_F per layer block", ColorbarLabel = "Frobenius norm", RowLabels = names, ColumnLabels = names,
        });
        yield return Path1("layer_block_norms.png");
    }
}
