namespace HessianLab.Runs;

public static partial class HessianRun
{
    /// <summary>First title line of the pictures (<see cref="HessianPictures.NetTitle"/>).</summary>
    private static string NetTitle(HessianRunOptions o) =>
        HessianPictures.NetTitle(o.Model.WidthsText, o.Model.Activation.ToString(), o.Loss.ToString(), o.Samples, o.TrainingOrNone.Steps);
}
