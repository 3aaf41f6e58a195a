namespace HessianLab.Problems;

/// <summary>Lower-case names of the presets as used in file names, tables and results.json ("theory", "paper").</summary>
public static class PresetNames
{
    /// <summary>"theory" or "paper".</summary>
    public static string Of(ProblemPreset preset) => preset.ToString().ToLowerInvariant();
}
