namespace HessianLab.Runs;

public static partial class HessianRun
{
    /// <summary>First title line of the pictures: the network, loss, N and training state.</summary>
    private static string NetTitle(HessianRunOptions o) =>
        $"{o.Model.WidthsText} {o.Model.Activation.ToString().ToLowerInvariant()}, {o.Loss.ToString().ToUpperInvariant()}, N={o.Samples}"
        + (o.TrainingOrNone.Steps > 0 ? $", after {o.TrainingOrNone.Steps} Adam steps" : ", at init");
}
