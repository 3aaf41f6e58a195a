using HessianLab.Viewer.Matrix;

namespace HessianLab.Viewer.Rendering;

/// <summary>One tile: level and tile column/row in the deep-zoom pyramid, pooling and colour scale.</summary>
public sealed record TileRequest(int Level, int X, int Y, Pooling Pooling, ColorScale Scale);
