namespace HessianLab.Plots;

public static partial class MatrixHeatmap
{
    /// <summary>Draws a small log-scale heatmap (title, grid-free axes, colour bar) in memory on a pool thread, so that the
    /// first real picture of a command does not pay the one-time costs of ScottPlot and Skia: compiling their drawing code,
    /// loading the font, the PNG encoder's set-up. Measured on the talk's hessian command: the six pictures took 0.73 s as
    /// the first drawing in a process and 0.33 s as the second; a 20,4,10 net's pictures 0.38 s.</summary>
    /// <remarks>Uses no tensors (so it can run while libtorch loads) and writes no file. Meant to be started when a
    /// process is known to draw pictures later, on a machine with a core to spare at that moment.</remarks>
    /// <returns>The task; its result is the size in bytes of the PNG it encoded.</returns>
    public static Task<long> WarmUpInBackground() => Task.Run(() =>
    {
        const int n = 16;
        var values = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) values[i, j] = Math.Pow(10, -Math.Abs(i - j) / 4.0);
        var options = new HeatmapOptions { Title = "warm-up", Scale = HeatmapScale.Log, Width = 200, Height = 160 };
        var data = ToDisplay(values, n, n, 1, 1.0, options.Validated());
        using var png = PlotFiles.EncodePng(BuildPlot(data, options), options.Width, options.Height);
        return png.Size;
    });
}
