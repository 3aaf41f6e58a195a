namespace HessianLab.Plots;

/// <summary>Colour scale of a |H| heatmap.</summary>
public enum HeatmapScale
{
    /// <summary>Linear from 0 to vmax = max|H| / k (the authors' convention); larger values saturate.</summary>
    Linear,

    /// <summary>log10 |H| over a fixed number of decades below max|H|; smaller values (and zeros) get the lowest colour.</summary>
    Log,
}
