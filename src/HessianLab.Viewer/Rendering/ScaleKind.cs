namespace HessianLab.Viewer.Rendering;

/// <summary>How a value maps to a colour-map position.</summary>
public enum ScaleKind
{
    /// <summary>t = |v| / vmax, clipped at 1.</summary>
    Linear,

    /// <summary>t = 1 + log10(|v| / vmax) / decades, clipped to [0, 1].</summary>
    Log,
}
