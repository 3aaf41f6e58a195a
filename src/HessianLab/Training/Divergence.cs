namespace HessianLab.Training;

/// <summary>The one rule by which every trainer stops a run that diverges: a loss that is not finite, or that
/// grows more than <see cref="Factor"/>× above its value at the first step.</summary>
public static class Divergence
{
    /// <summary>How far above its start a loss may grow before the run counts as diverged.</summary>
    public const double Factor = 1000;

    /// <summary>Throws when <paramref name="loss"/> at <paramref name="step"/> is non-finite or more than
    /// <see cref="Factor"/>× <paramref name="start"/> (for a positive start).</summary>
    /// <exception cref="ArithmeticException">The message names the stage, the step and both losses.</exception>
    public static void Check(string stage, int step, double loss, double start)
    {
        if (!double.IsFinite(loss))
            throw new ArithmeticException($"{stage} diverged at step {step}: loss = {loss}; lower the learning rate");
        if (start > 0 && loss > Factor * start)
            throw new ArithmeticException($"{stage} diverged at step {step}: loss {loss:G4} is more than {Factor:G0}× its start {start:G4}; lower the learning rate");
    }
}
