namespace HessianLab.Experiments.Transformers;

/// <summary>Chosen rows (output neurons) of one weight matrix, located in the module's flat θ.</summary>
/// <param name="Matrix">Parameter name, e.g. "blocks.0.q.weight".</param>
/// <param name="Role">q, k, v, o, fc, proj.</param>
/// <param name="Offset">θ index of the matrix's entry (0, 0) in θ' = the selected matrices flattened in order.</param>
/// <param name="Cols">Row length.</param>
/// <param name="Rows">The chosen rows.</param>
public sealed record NeuronSelection(string Matrix, string Role, long Offset, int Cols, IReadOnlyList<int> Rows)
{
    /// <summary>θ indices of all chosen entries, row after row.</summary>
    public IEnumerable<long> Indices() => Rows.SelectMany(r => Enumerable.Range(0, Cols).Select(c => Offset + (long)r * Cols + c));
}
