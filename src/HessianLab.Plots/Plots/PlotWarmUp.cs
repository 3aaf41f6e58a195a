namespace HessianLab.Plots;

/// <summary>Pays the one-time costs of drawing (compiling ScottPlot's and this library's drawing code, loading the font,
/// setting up the PNG encoder) ahead of the first real picture.</summary>
/// <remarks>Measured on the talk's hessian command: its six pictures took 0.73 s as the first drawing in a process and
/// 0.33 s as the second; a 20,4,10 net's pictures 0.38 s and 0.18 s after the warm-up.</remarks>
public static class PlotWarmUp
{
    /// <summary>On a pool thread, draws a small log-scale matrix heatmap and a small annotated block map in memory (no
    /// tensors, so it can run while libtorch loads; no files). Meant for a process known to draw pictures later, started
    /// when a core is free.</summary>
    /// <returns>The task; its result is the total size in bytes of the two PNGs it encoded.</returns>
    public static Task<long> StartInBackground() => Task.Run(() =>
    {
        const int n = 16;
        var values = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) values[i, j] = Math.Pow(10, -Math.Abs(i - j) / 4.0);
        var heatmap = new HeatmapOptions { Title = "warm-up", Scale = HeatmapScale.Log, Width = 200, Height = 160 }.Validated();
        var data = MatrixHeatmap.ToDisplay(values, n, n, 1, 1.0, heatmap);
        using var first = PlotFiles.EncodePng(MatrixHeatmap.BuildPlot(data, heatmap), heatmap.Width, heatmap.Height);
        var labels = Enumerable.Range(0, 4).Select(i => $"b{i}").ToList();
        var small = new double[4, 4];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) small[i, j] = values[i, j];
        var map = new BlockMapOptions { Title = "warm-up", RowLabels = labels, ColumnLabels = labels, Log = true, Width = 200, Height = 160 };
        using var second = PlotFiles.EncodePng(BlockMapPlot.Build(small, map), map.Width, map.Height);
        return first.Size + second.Size;
    });
}
