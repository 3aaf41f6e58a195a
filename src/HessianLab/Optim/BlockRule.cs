namespace HessianLab.Optim;

/// <summary>A block rule for one tensor: its kind and, for <see cref="BlockKind.Heads"/>, the number of heads.</summary>
/// <remarks>Every rule cuts the row-major tensor into B contiguous equal blocks, i.e. a view (B, numel/B); Adam-mini's
/// per-block statistic is the mean of g² along the second axis.</remarks>
/// <param name="Kind">The kind of block.</param>
/// <param name="Heads">Number of heads (only for <see cref="BlockKind.Heads"/>).</param>
public sealed record BlockRule(BlockKind Kind, int Heads = 0)
{
    /// <summary>One block per row.</summary>
    public static BlockRule Rows { get; } = new(BlockKind.Rows);
    /// <summary>One block per token (row of an embedding/head).</summary>
    public static BlockRule Tokens { get; } = new(BlockKind.Tokens);
    /// <summary>One block for the tensor.</summary>
    public static BlockRule WholeTensor { get; } = new(BlockKind.Tensor);
    /// <summary>One block per element.</summary>
    public static BlockRule Elements { get; } = new(BlockKind.Elements);
    /// <summary>One block per head.</summary>
    public static BlockRule PerHead(int heads) => new(BlockKind.Heads, heads);

    /// <summary>Number of blocks B for a tensor of this shape.</summary>
    /// <exception cref="ArgumentException">The rule does not fit the shape (e.g. heads not dividing the rows).</exception>
    public long BlockCount(long[] shape)
    {
        long numel = shape.Aggregate(1L, (a, b) => a * b);
        long rows = shape.Length == 0 ? 1 : shape[0];
        switch (Kind)
        {
            case BlockKind.Rows:
            case BlockKind.Tokens:
                if (shape.Length < 2) throw new ArgumentException($"a {Kind} rule needs a tensor of rank ≥ 2, got shape [{string.Join(",", shape)}]");
                return rows;
            case BlockKind.Heads:
                if (shape.Length < 2) throw new ArgumentException($"a Heads rule needs a tensor of rank ≥ 2, got shape [{string.Join(",", shape)}]");
                if (Heads <= 0 || rows % Heads != 0)
                    throw new ArgumentException($"Invalid heads: {Heads} (must be ≥ 1 and divide the {rows} rows)");
                return Heads;
            case BlockKind.Tensor: return 1;
            case BlockKind.Elements: return numel;
            default: throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "unknown block kind");
        }
    }

    /// <summary>Short text, e.g. "rows", "heads(4)".</summary>
    public override string ToString() => Kind == BlockKind.Heads ? $"heads({Heads})" : Kind.ToString().ToLowerInvariant();
}
