using HessianLab.Models;
using HessianLab.Plots;
using HessianLab.Structure;
using static TorchSharp.torch;

namespace HessianLab.Runs;

/// <summary>The pictures of a Hessian run: |H| (linear, vmax = max/100, the authors' convention, and log), each
/// layer's diagonal block (vmax = max/10 for hidden layers, max/100 for the output layer, as the authors draw H_WW and
/// H_VV), the mean-|H| map of neuron blocks and the layer-block norm map.</summary>
/// <remarks>
/// H is read once per pooled map, row band by row band (<see cref="AddRows"/>: the whole matrix in memory, or bands as
/// they are assembled), and both |H| pictures are drawn from the same pooled map. The drawing itself is CPU work in
/// managed code and Skia, independent per picture, so <see cref="Write"/> draws the pictures in parallel.
/// </remarks>
public sealed class HessianPictures
{
    private readonly ParameterLayout _layout;
    private readonly PooledAbsMax _whole;
    private readonly PooledAbsMax[] _diagonal;

    /// <summary>Pooled maps for a Hessian of <paramref name="layout"/> (nothing is read yet).</summary>
    public HessianPictures(ParameterLayout layout)
    {
        _layout = layout;
        long p = layout.Count;
        int cells = new HeatmapOptions().MaxCells;
        _whole = new PooledAbsMax(0, p, 0, p, cells);
        _diagonal = layout.Segments.Count > 1
            ? layout.Segments.Select(s => new PooledAbsMax(s.Offset, s.Size, s.Offset, s.Size, cells)).ToArray()
            : Array.Empty<PooledAbsMax>();
    }

    /// <summary>First title line of the pictures: the network, loss, N and training state (the in-memory and the banded
    /// run title their pictures alike).</summary>
    public static string NetTitle(string layers, string activation, string loss, int samples, int trainSteps) =>
        $"{layers} {activation.ToLowerInvariant()}, {loss.ToUpperInvariant()}, N={samples}" + (trainSteps > 0 ? $", after {trainSteps} Adam steps" : ", at init");

    /// <summary>Reduces rows [<paramref name="rowStart"/>, rowStart + rows.shape[0]) of H (all P columns).</summary>
    public void AddRows(long rowStart, Tensor rows)
    {
        _whole.AddRows(rowStart, rows);
        foreach (var d in _diagonal) d.AddRows(rowStart, rows);
    }

    /// <summary>Draws every picture into <paramref name="dir"/> (in parallel); returns the paths in a fixed order.</summary>
    /// <param name="dir">Target folder.</param>
    /// <param name="net">First title line: the network and its state.</param>
    /// <param name="analysis">The structure analysis (neuron-block and layer-block maps).</param>
    public IReadOnlyList<string> Write(string dir, string net, StructureAnalysis analysis)
    {
        var jobs = new List<(string File, Action<string> Draw)>();
        var grid = new HeatmapOptions().WithLayoutGrid(_layout);
        jobs.Add(("hessian_abs_linear.png", p => MatrixHeatmap.SavePooled(p, _whole, grid with { Title = net, VmaxDivisor = 100 })));
        jobs.Add(("hessian_abs_log.png", p => MatrixHeatmap.SavePooled(p, _whole, grid with { Title = net, Scale = HeatmapScale.Log })));
        for (int l = 0; l < _diagonal.Length; l++)
        {
            var seg = _layout.Segments[l];
            var options = new HeatmapOptions().WithLayoutGrid(new ParameterLayout(new[] { seg with { Offset = 0 } })) with
            {
                Title = $"block H[{seg.Name},{seg.Name}] of {net}",
                VmaxDivisor = l == _diagonal.Length - 1 ? 100 : 10,
                RowStart = 0, ColumnStart = 0,
            };
            var pooled = _diagonal[l];
            jobs.Add(($"block_{seg.Name}_{seg.Name}.png", p => MatrixHeatmap.SavePooled(p, pooled, options)));
        }
        var labels = _layout.NeuronBlocks().Select(b => b.Label).ToList();
        jobs.Add(("neuron_block_map.png", p => BlockMapPlot.Save(p, analysis.Blocks.MeanAbsMap(), new BlockMapOptions
        {
            Title = $"mean |H| per neuron block ({labels.Count}×{labels.Count} blocks)", RowLabels = labels, ColumnLabels = labels, Log = true,
        })));
        var names = _layout.Segments.Select(s => s.Name).ToList();
        jobs.Add(("layer_block_norms.png", p => BlockMapPlot.Save(p, analysis.Layers.FrobeniusMap(), new BlockMapOptions
        {
            Title = "‖H[l,k]‖_F per layer block", ColorbarLabel = "Frobenius norm", RowLabels = names, ColumnLabels = names,
        })));
        var paths = jobs.Select(j => Path.Combine(dir, j.File)).ToList();
        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => jobs[i].Draw(paths[i]));
        return paths;
    }
}
