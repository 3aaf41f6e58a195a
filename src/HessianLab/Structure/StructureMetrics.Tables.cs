using System.Globalization;

namespace HessianLab.Structure;

public sealed partial record StructureMetrics
{
    /// <summary>Formats a number for tables: 4 significant digits, invariant culture, "—" for null.</summary>
    public static string Format(double? v) => v is { } x ? x.ToString("G4", CultureInfo.InvariantCulture) : "—";

    /// <summary>Quantity/value rows (header first): P, ‖H‖_F, the two diagonal shares.</summary>
    public IReadOnlyList<IReadOnlyList<string>> SummaryTable() => new List<IReadOnlyList<string>>
    {
        new[] { "quantity", "value" },
        new[] { "P", Dimension.ToString(CultureInfo.InvariantCulture) },
        new[] { "‖H‖_F", Format(FrobeniusNorm) },
        new[] { $"block-diagonal share ({Blocks} blocks)", Format(BlockDiagonalShare) },
        new[] { "layer-diagonal share", Format(LayerDiagonalShare) },
    };

    /// <summary>One row per layer (header first): blocks × size, ρ, diagonal share inside the layer, share of ‖H‖_F².</summary>
    public IReadOnlyList<IReadOnlyList<string>> LayerTable()
    {
        var rows = new List<IReadOnlyList<string>> { new[] { "layer", "blocks × size", "ρ off/diag", "diag share in layer", "share of ‖H‖²" } };
        rows.AddRange(Layers.Select(l => (IReadOnlyList<string>)new[]
            { l.Name, $"{l.Blocks} × {l.BlockSize}", Format(l.Rho), Format(l.DiagonalShare), Format(l.Share) }));
        return rows;
    }

    /// <summary>One row per off-diagonal layer block (header first): distance, ‖H_lk‖/‖H‖, share, GGN and residual shares.</summary>
    public IReadOnlyList<IReadOnlyList<string>> PairTable()
    {
        var rows = new List<IReadOnlyList<string>> { new[] { "block", "distance", "‖H_lk‖/‖H‖", "share of ‖H‖²", "GGN share", "residual share" } };
        rows.AddRange(LayerPairs.Select(p => (IReadOnlyList<string>)new[]
            { $"{p.Row}–{p.Column}", p.Distance.ToString(CultureInfo.InvariantCulture), Format(p.RelativeNorm),
              Format(p.Share), Format(p.GgnShare), Format(p.ResidualShare) }));
        return rows;
    }
}
