using HessianLab.Plots;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Transformers;

public sealed partial class E8TransformerExperiment
{
    /// <summary>|H[S,S]| of the sampled neurons (minor lines between neurons, major lines between matrices) and the
    /// neuron-block energy map ‖H_IJ‖_F² (log scale) with one label per neuron.</summary>
    private static IEnumerable<string> DrawPictures(ExperimentContext ctx, string tag, Tensor sub, Tensor energy,
        IReadOnlyList<NeuronSelection> selection, SubBlockMeasurement m)
    {
        int cols = selection[0].Width;
        var minor = new List<long>(); var major = new List<long>(); var labels = new List<string>();
        long at = 0;
        foreach (var s in selection)
        {
            if (at > 0) major.Add(at);
            foreach (int r in s.Rows)
            {
                if (at > 0) minor.Add(at);
                labels.Add($"{s.Role}{s.Matrix.Split('.')[1]}[{r}]");
                at += cols;
            }
        }
        string heat = ctx.PathOf($"{tag}_submatrix.png");
        MatrixHeatmap.Save(heat, sub, new HeatmapOptions
        {
            Title = $"|H| over {m.Neurons} sampled neurons of q,k,v,o,fc ({tag})",
            Scale = HeatmapScale.Log, MinorLines = minor, MajorLines = major,
        });
        yield return heat;
        string map = ctx.PathOf($"{tag}_neuron_energy.png");
        var e = energy.to_type(ScalarType.Float64).cpu();
        int n = (int)e.shape[0];
        var grid = new double[n, n];
        var flat = e.data<double>().ToArray();
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) grid[i, j] = flat[i * n + j];
        BlockMapPlot.Save(map, grid, new BlockMapOptions
        {
            Title = $"‖H_IJ‖² per neuron pair, {tag}: ρ {m.RhoSame:G2} within, {m.RhoCross:G2} across",
            ColorbarLabel = "‖H_IJ‖_F²", RowLabels = labels, ColumnLabels = labels, Log = true, Annotate = false,
        });
        yield return map;
    }

    /// <summary>Diagonal over off-diagonal energy within a matrix along training, one line per setting (seed means).</summary>
    private static string TrendPicture(ExperimentContext ctx, IReadOnlyList<E8Summary> summary)
    {
        string path = ctx.PathOf("trend.png");
        LinePlot.Save(path, summary.GroupBy(s => s.Setting).Select(g => new LineSeries($"{g.Key} (C = {g.First().Classes})",
            g.Select(s => (double)s.TokensSeen).ToArray(), g.Select(s => s.DiagOverOffSame.Mean).ToArray())).ToList(), new LinePlotOptions
        {
            Title = "Diag/off neuron-block energy within a matrix, init to trained (seed means)",
            XLabel = "training tokens seen", YLabel = "diag / off energy", LogY = true, Markers = true,
        });
        return path;
    }
}
