using HessianLab.IO;
using ScottPlot;

namespace HessianLab.Plots;

/// <summary>Saving figures: always atomically (a temporary name, then a rename), so an interrupted run leaves no half-written PNG.</summary>
internal static class PlotFiles
{
    /// <summary>Renders <paramref name="plot"/> to a PNG of the given size at <paramref name="path"/>.</summary>
    public static void SavePng(Plot plot, string path, int width, int height) =>
        AtomicFile.WriteVia(path, tmp => plot.SavePng(tmp, width, height));
}
