using HessianLab.Models;
using HessianLab.Structure;
using static TorchSharp.torch;

namespace HessianLab.Runs;

public static partial class HessianRun
{
    /// <summary>The run's pictures (<see cref="HessianPictures"/>), pooled from <paramref name="h"/> in memory.</summary>
    private static IReadOnlyList<string> WritePictures(HessianRunOptions o, string dir, Tensor h, ParameterLayout layout, StructureAnalysis analysis)
    {
        var pictures = new HessianPictures(layout);
        pictures.AddRows(0, h);
        return pictures.Write(dir, NetTitle(o), analysis);
    }

    /// <summary>First title line of the pictures: the network, loss, N and training state.</summary>
    private static string NetTitle(HessianRunOptions o) =>
        $"{o.Model.WidthsText} {o.Model.Activation.ToString().ToLowerInvariant()}, {o.Loss.ToString().ToUpperInvariant()}, N={o.Samples}"
        + (o.TrainingOrNone.Steps > 0 ? $", after {o.TrainingOrNone.Steps} Adam steps" : ", at init");
}
