using HessianLab.IO;
using HessianLab.Models;
using HessianLab.Plots;
using HessianLab.Structure;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Runs.Tiles;

/// <summary>Assembles a P × P Hessian from bands of rows into <c>hessian.npy</c> (memory-mapped,
/// <see cref="NpyMatrixWriter"/>) and reduces each band as it passes — the neuron-block maps (block energies, ρ,
/// shares, layer norms: <see cref="BlockMap.Builder"/>), max |H|, and the pooled pictures
/// (<see cref="PooledAbsMax"/>) — so the outputs of <see cref="HessianRun"/> are produced holding one band at a time.</summary>
internal sealed class BandAssembler : IDisposable
{
    private readonly ParameterLayout _layout;
    private readonly NpyMatrixWriter _writer;
    private readonly BlockMap.Builder _blocks;
    private readonly PooledAbsMax _whole;
    private readonly PooledAbsMax[] _diagonal;
    private double _maxAbs;

    public BandAssembler(string npyPath, ParameterLayout layout)
    {
        _layout = layout;
        long p = layout.Count;
        _writer = new NpyMatrixWriter(npyPath, p, p);
        _blocks = new BlockMap.Builder(BlockPartition.Neurons(layout));
        int cells = new HeatmapOptions().MaxCells;
        _whole = new PooledAbsMax(0, p, 0, p, cells);
        _diagonal = layout.Segments.Select(s => new PooledAbsMax(s.Offset, s.Size, s.Offset, s.Size, cells)).ToArray();
    }

    /// <summary>Writes and reduces rows [band.Start, band.End) (a float64 band × P tensor).</summary>
    public void Add(RowBand band, Tensor rows)
    {
        if (rows.shape[0] != band.Rows) throw new ArgumentException($"band [{band.Start}, {band.End}) has {rows.shape[0]} rows", nameof(rows));
        _writer.WriteRows(band.Start, rows);
        _blocks.AddRows(band.Start, rows);
        _whole.AddRows(band.Start, rows);
        foreach (var d in _diagonal) d.AddRows(band.Start, rows);
        using var scope = torch.NewDisposeScope();
        _maxAbs = Math.Max(_maxAbs, Math.Max(rows.max().to_type(ScalarType.Float64).item<double>(), -rows.min().to_type(ScalarType.Float64).item<double>()));   // no |band| copy
    }

    /// <summary>Closes hessian.npy; returns the analysis and max |H|.</summary>
    public (StructureAnalysis Analysis, double MaxAbs) Finish()
    {
        _writer.Dispose();
        return (StructureAnalysis.FromBlockMap(_blocks.Build(), _layout), _maxAbs);
    }

    /// <summary>The pictures of <see cref="HessianRun"/> (|H| linear at max/100 and log, each layer's diagonal block at
    /// max/10, the output layer's at max/100, the neuron-block mean-|H| map and the layer-block norm map).</summary>
    public IEnumerable<string> WritePictures(string dir, string net, StructureAnalysis analysis)
    {
        var grid = new HeatmapOptions().WithLayoutGrid(_layout);
        string P(string name) => Path.Combine(dir, name);
        MatrixHeatmap.SavePooled(P("hessian_abs_linear.png"), _whole, grid with { Title = net, VmaxDivisor = 100 });
        yield return P("hessian_abs_linear.png");
        MatrixHeatmap.SavePooled(P("hessian_abs_log.png"), _whole, grid with { Title = net, Scale = HeatmapScale.Log });
        yield return P("hessian_abs_log.png");
        int n = _layout.Segments.Count;
        if (n > 1)
            for (int l = 0; l < n; l++)
            {
                var seg = _layout.Segments[l];
                var sub = new ParameterLayout(new[] { seg with { Offset = 0 } });
                string file = $"block_{seg.Name}_{seg.Name}.png";
                MatrixHeatmap.SavePooled(P(file), _diagonal[l], new HeatmapOptions().WithLayoutGrid(sub) with
                    { Title = $"block H[{seg.Name},{seg.Name}] of {net}", VmaxDivisor = l == n - 1 ? 100 : 10 });
                yield return P(file);
            }
        var labels = _layout.NeuronBlocks().Select(b => b.Label).ToList();
        BlockMapPlot.Save(P("neuron_block_map.png"), analysis.Blocks.MeanAbsMap(), new BlockMapOptions
        {
            Title = $"mean |H| per neuron block ({labels.Count}×{labels.Count} blocks)", RowLabels = labels, ColumnLabels = labels, Log = true,
        });
        yield return P("neuron_block_map.png");
        var names = _layout.Segments.Select(s => s.Name).ToList();
        BlockMapPlot.Save(P("layer_block_norms.png"), analysis.Layers.FrobeniusMap(), new BlockMapOptions
        {
            Title = "‖H[l,k]‖_F per layer block", ColorbarLabel = "Frobenius norm", RowLabels = names, ColumnLabels = names,
        });
        yield return P("layer_block_norms.png");
    }

    public void Dispose() => _writer.Dispose();
}
