using System.Globalization;
using HessianLab.Structure;

namespace HessianLab.Experiments.Hessians;

/// <summary>Writing structure tables as CSV and summary rows.</summary>
public static class ResultTables
{
    /// <summary>Writes the layer and pair tables of <paramref name="m"/> as "{prefix}_layers.csv" and "{prefix}_pairs.csv".</summary>
    public static IEnumerable<string> WriteCsv(ExperimentContext context, string prefix, StructureMetrics m)
    {
        yield return context.WriteCsv($"{prefix}_layers.csv", new[] { "layer", "blocks", "block_size", "rho", "mean_diag_energy", "mean_offdiag_energy", "diag_share_in_layer", "share" },
            m.Layers.Select(l => (IReadOnlyList<object>)new object[] { l.Name, l.Blocks, l.BlockSize, R(l.Rho), R(l.MeanDiagonalEnergy), R(l.MeanOffDiagonalEnergy), R(l.DiagonalShare), R(l.Share) }));
        yield return context.WriteCsv($"{prefix}_pairs.csv", new[] { "row", "column", "distance", "norm", "share", "relative_norm", "ggn_norm", "residual_norm", "ggn_share", "residual_share" },
            m.LayerPairs.Select(p => (IReadOnlyList<object>)new object[] { p.Row, p.Column, p.Distance, R(p.Norm), R(p.Share), R(p.RelativeNorm), R(p.GgnNorm), R(p.ResidualNorm), R(p.GgnShare), R(p.ResidualShare) }));
    }

    /// <summary>A number in round-trip form for CSV ("" for null).</summary>
    public static string R(double? v) => v is { } x ? x.ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>4 significant digits.</summary>
    public static string G(double v) => StructureMetrics.Format(v);

    /// <summary>A table row.</summary>
    public static IReadOnlyList<string> Row(params string[] cells) => cells;
}
