namespace HessianLab.Viewer.Rendering;

/// <summary>The colour maps a tile can use.</summary>
public enum ColormapName
{
    /// <summary>matplotlib's viridis (perceptually uniform), for |H|.</summary>
    Viridis,

    /// <summary>cividis (Nuñez, Anderton, Renslow 2018: uniform and readable with colour-vision deficiency), for |H|.</summary>
    Cividis,

    /// <summary>Diverging blue–white–red for signed values (ColorBrewer RdBu end colours, linear through white).</summary>
    BlueWhiteRed,
}
