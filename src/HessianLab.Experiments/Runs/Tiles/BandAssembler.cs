using HessianLab.Core;
using HessianLab.IO;
using HessianLab.Models;
using HessianLab.Structure;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Runs.Tiles;

/// <summary>Assembles a P × P Hessian from bands of rows into <c>hessian.npy</c> (memory-mapped,
/// <see cref="NpyMatrixWriter"/>) and reduces each band as it passes — the neuron-block maps (block energies, ρ,
/// shares, layer norms: <see cref="BlockMap.Builder"/>), max |H|, and the pooled pictures
/// (<see cref="HessianPictures"/>) — so the outputs of <see cref="HessianRun"/> are produced holding one band at a time.</summary>
internal sealed class BandAssembler : IDisposable
{
    private readonly ParameterLayout _layout;
    private readonly NpyMatrixWriter _writer;
    private readonly BlockMap.Builder _blocks;
    private readonly HessianPictures _pictures;
    private double _maxAbs;

    public BandAssembler(string npyPath, ParameterLayout layout)
    {
        _layout = layout;
        long p = layout.Count;
        _writer = new NpyMatrixWriter(npyPath, p, p);
        _blocks = new BlockMap.Builder(BlockPartition.Neurons(layout));
        _pictures = new HessianPictures(layout);
    }

    /// <summary>Writes and reduces rows [band.Start, band.End) (a float64 band × P tensor).</summary>
    public void Add(RowBand band, Tensor rows)
    {
        if (rows.shape[0] != band.Rows) throw new ArgumentException($"band [{band.Start}, {band.End}) has {rows.shape[0]} rows", nameof(rows));
        _writer.WriteRows(band.Start, rows);
        _blocks.AddRows(band.Start, rows);
        _pictures.AddRows(band.Start, rows);
        _maxAbs = Math.Max(_maxAbs, Extremes.Of(rows).MaxAbs);
    }

    /// <summary>Closes hessian.npy; returns the analysis and max |H|.</summary>
    public (StructureAnalysis Analysis, double MaxAbs) Finish()
    {
        _writer.Dispose();
        return (StructureAnalysis.FromBlockMap(_blocks.Build(), _layout), _maxAbs);
    }

    /// <summary>The pictures of <see cref="HessianRun"/>, from the maps pooled band by band.</summary>
    public IReadOnlyList<string> WritePictures(string dir, string net, StructureAnalysis analysis) => _pictures.Write(dir, net, analysis);

    public void Dispose() => _writer.Dispose();
}
