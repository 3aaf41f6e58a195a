using HessianLab.Models;
using HessianLab.Plots;
using HessianLab.Problems;
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
    /// <param name="pictures">Colormap and vmax divisors (default <see cref="PictureConventions.Default"/>; the paper preset: cividis).</param>
    /// <returns>The files written.</returns>
    public static List<string> Save(ExperimentContext context, string prefix, string caption, Tensor h,
        ParameterLayout layout, StructureAnalysis analysis, bool layerBlocks = true, PictureConventions? pictures = null)
    {
        var pc = pictures ?? PictureConventions.Default;
        var jobs = new List<(string File, Action<string> Draw)>();
        var grid = new HeatmapOptions { Title = $"{caption}: full Hessian", VmaxDivisor = pc.FullVmaxDivisor, Colormap = pc.Colormap }.WithLayoutGrid(layout);
        // The full |H| is pooled once for its linear overview and its log picture (as the hessian command's pictures are).
        var whole = new PooledAbsMax(0, h.shape[0], 0, h.shape[1], grid.MaxCells);
        whole.AddRows(0, h);
        jobs.Add(($"{prefix}_H_full.png", path => WithInsets(path, h, grid, FullInsets(layout),
            $"{caption}: full |H|, pooled overview (left) and unpooled zooms of the framed regions, all on the overview's scale (vmax = max|H|/{pc.FullVmaxDivisor:G3})", whole)));
        jobs.Add(($"{prefix}_H_full_log.png", path => MatrixHeatmap.SavePooled(path, whole, grid with { Scale = HeatmapScale.Log })));
        var names = layout.Segments.Select(s => s.Name).ToList();
        jobs.Add(($"{prefix}_layer_block_norms.png", path => BlockMapPlot.Save(path, analysis.Layers.FrobeniusMap(), new BlockMapOptions
        {
            Title = $"{caption}: layer-block norms ‖H_lk‖_F", ColorbarLabel = "‖H_lk‖_F", RowLabels = names, Log = layout.Segments.Count > 2,
        })));
        int chunk = ChunkAverages.PictureChunk(h.shape[0]);
        var (signedMap, absMap) = ChunkAverages.Both(h, chunk);
        jobs.Add(($"{prefix}_H_averaged.png", path => Averaged(path, caption, signedMap, chunk, absolute: false)));
        jobs.Add(($"{prefix}_H_averaged_abs.png", path => Averaged(path, caption, absMap, chunk, absolute: true)));
        var segs = layout.Segments;
        bool two = segs.Count == 2;
        for (int l = 0; layerBlocks && l < segs.Count; l++)
        {
            string name = two ? (l == 0 ? "WW" : "VV") : $"W{l + 1}W{l + 1}";
            var block = h.narrow(0, segs[l].Offset, segs[l].Size).narrow(1, segs[l].Offset, segs[l].Size);
            double k = pc.LayerDivisor(l);
            var o = new HeatmapOptions
            {
                Title = $"{caption}: H_{name} ({segs[l].Rows} neuron blocks of {segs[l].Cols})",
                VmaxDivisor = k, RowStart = segs[l].Offset, ColumnStart = segs[l].Offset, Colormap = pc.Colormap,
            }.WithLayoutGrid(layout);
            long at = Math.Max(0, segs[l].Cols - Zoom / 2);
            jobs.Add(($"{prefix}_H_{name}.png", path => WithInsets(path, block, o, new[] { new InsetRegion(at, at, Zoom, Zoom, "neuron blocks") },
                $"{caption}: H_{name}, pooled (left) and unpooled zoom, one scale (vmax = max|H_{name}|/{k:G3})")));
            int layer = l;
            if (segs[l].Rows <= 64) jobs.Add(($"{prefix}_blockmap_{name}.png", path => NeuronMap(path, caption, name, analysis, layer)));
        }
        if (layerBlocks && two)
        {
            var wv = h.narrow(0, segs[0].Offset, segs[0].Size).narrow(1, segs[1].Offset, segs[1].Size);
            var o = new HeatmapOptions
            {
                Title = $"{caption}: H_WV", VmaxDivisor = pc.CrossVmaxDivisor, RowStart = segs[0].Offset, ColumnStart = segs[1].Offset, Colormap = pc.Colormap,
            }.WithLayoutGrid(layout);
            jobs.Add(($"{prefix}_H_WV.png", path => WithInsets(path, wv, o, new[] { new InsetRegion(0, 0, Zoom, Zoom, "top-left corner") },
                $"{caption}: H_WV, pooled (left) and unpooled zoom (period-m stripes), one scale (vmax = max|H_WV|/{pc.CrossVmaxDivisor:G3})")));
        }
        var files = jobs.Select(j => context.PathOf(j.File)).ToList();
        // Each picture is independent CPU work (pooling, Skia, PNG encoding): drawn in parallel, as the hessian command
        // draws its own (E2's ten pictures of a snapshot: 1.9 s one after another). Views of h are made above, on this
        // thread's dispose scope; whatever a picture allocates lives in a scope of its worker.
        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            using var scope = NewDisposeScope();
            jobs[i].Draw(files[i]);
        });
        return files;
    }

    /// <summary>Side of a zoomed inset in matrix entries (96: 12 periods of m = 8, ≈ 4 px per entry in a 640-px panel).</summary>
    public const int Zoom = 96;

    /// <summary>The full Hessian's zooms: neuron blocks of the first layer around its first neuron boundary, the corner of
    /// the first cross-layer block (H_WV's stripes), and the last layer's first neuron blocks.</summary>
    public static IReadOnlyList<InsetRegion> FullInsets(ParameterLayout layout)
    {
        var segs = layout.Segments;
        long at = Math.Max(0, segs[0].Cols - Zoom / 2);
        var list = new List<InsetRegion> { new(segs[0].Offset + at, segs[0].Offset + at, Zoom, Zoom, segs.Count == 2 ? "H_WW" : "W1 blocks") };
        if (segs.Count > 1)
        {
            list.Add(new(segs[0].Offset, segs[1].Offset, Zoom, Zoom, segs.Count == 2 ? "H_WV" : "W1W2"));
            list.Add(new(segs[^1].Offset, segs[^1].Offset, Zoom, Zoom, segs.Count == 2 ? "H_VV" : $"W{segs.Count} blocks"));
        }
        return list;
    }

    private static void WithInsets(string path, Tensor m, HeatmapOptions o, IReadOnlyList<InsetRegion> insets, string title,
        PooledAbsMax? pooled = null) =>
        HeatmapInsets.Save(path, m, o, insets, title, panelWidth: 680, panelHeight: 620, pooled: pooled);

    /// <summary>Mean |H| per neuron block inside layer <paramref name="layer"/> (annotated when small).</summary>
    private static void NeuronMap(string path, string caption, string name, StructureAnalysis a, int layer)
    {
        var idx = a.Blocks.Partition.IndicesOf(layer);
        var mean = a.Blocks.MeanAbsMap();
        var m = new double[idx.Count, idx.Count];
        for (int i = 0; i < idx.Count; i++)
            for (int j = 0; j < idx.Count; j++) m[i, j] = mean[idx[i], idx[j]];
        BlockMapPlot.Save(path, m, new BlockMapOptions
        {
            Title = $"{caption}: mean |H| per neuron block of H_{name}",
            RowLabels = idx.Select(i => a.Blocks.Partition.Blocks[i].Label).ToList(),
            Log = idx.Count > 16,
        });
    }

    /// <summary>The paper's averaged map (<see cref="ChunkAverages"/>): mean of signed H (diverging scale about 0) or of
    /// |H| over c × c chunks, c = ⌈P/16⌉ (500 at the talk's size), each cell's value written in it.</summary>
    private static void Averaged(string path, string caption, double[,] map, int c, bool absolute)
    {
        var starts = Enumerable.Range(0, map.GetLength(0)).Select(i => (i * c).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        BlockMapPlot.Save(path, map, new BlockMapOptions
        {
            Title = $"{caption}: mean {(absolute ? "|H|" : "signed H")} per {c} × {c} chunk (paper's averaged map)",
            ColorbarLabel = absolute ? "mean |H|" : "mean H (0 = white)", Signed = !absolute, RowLabels = starts,
            AxisLabel = "first θ index of the chunk", Width = 1150, Height = 1000,
        });
    }
}
