using HessianLab.Models;
using static TorchSharp.torch;

namespace HessianLab.Runs;

public static partial class HessianRun
{
    private static IEnumerable<string> WritePictures(HessianRunOptions o, Tensor h, ParameterLayout layout, Action<string>? log)
    {
        // Pictures are drawn by HessianLab.Plots (heatmaps, block maps) once that lands.
        return Array.Empty<string>();
    }
}
