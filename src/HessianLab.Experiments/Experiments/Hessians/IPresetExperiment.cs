using HessianLab.Problems;

namespace HessianLab.Experiments.Hessians;

/// <summary>An experiment on an <see cref="MlpProblem"/> that runs under <see cref="ExperimentContext.Preset"/>
/// (`experiment ID --preset paper|theory`): E1, E2, E3, E6.</summary>
public interface IPresetExperiment : IExperiment
{
    /// <summary>The presets a run uses: the one asked for, else this experiment's default (E1, E2: both side by side,
    /// theory first; E3, E6: theory).</summary>
    IReadOnlyList<ProblemPreset> PresetsOf(ExperimentContext context);
}
