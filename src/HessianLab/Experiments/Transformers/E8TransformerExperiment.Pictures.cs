using static TorchSharp.torch;

namespace HessianLab.Experiments.Transformers;

public sealed partial class E8TransformerExperiment
{
    private static IEnumerable<string> DrawPictures(ExperimentContext ctx, string tag, Tensor sub, Tensor energy,
        IReadOnlyList<NeuronSelection> selection, SubBlockMeasurement m) => Array.Empty<string>();
}
