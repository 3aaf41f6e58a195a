namespace HessianLab.Experiments.Transformers;

/// <summary>Chosen output neurons of one weight matrix, located in the flat θ' of the selected matrices.</summary>
/// <param name="Matrix">Parameter name, e.g. "blocks.0.q.weight" or "h.0.attn.c_attn.weight".</param>
/// <param name="Role">q, k, v, o, fc, proj.</param>
/// <param name="Offset">θ' index of the matrix's entry (0, 0) in θ' = the distinct selected matrices flattened in order.</param>
/// <param name="Cols">Weights per neuron (the neuron's fan-in).</param>
/// <param name="Rows">The chosen neurons (rows of an (out, in) matrix; columns of a GPT-2 Conv1D [in, out] matrix).</param>
/// <param name="RowStride">θ' distance between neurons r and r + 1: Cols for an (out, in) matrix (0 = that default), 1 for [in, out].</param>
/// <param name="ColumnStride">θ' distance between a neuron's weights c and c + 1: 1 for (out, in), out for [in, out].</param>
/// <param name="Entries">Which of a neuron's Cols weights to keep (a sampled sub-block); null: all.</param>
public sealed record NeuronSelection(string Matrix, string Role, long Offset, int Cols, IReadOnlyList<int> Rows,
    long RowStride = 0, long ColumnStride = 1, IReadOnlyList<int>? Entries = null)
{
    /// <summary>Kept weights per neuron: Entries.Count, or Cols.</summary>
    public int Width => Entries?.Count ?? Cols;

    /// <summary>θ' indices of all chosen entries, neuron after neuron.</summary>
    public IEnumerable<long> Indices()
    {
        long rowStride = RowStride == 0 ? Cols : RowStride;
        var entries = Entries ?? Enumerable.Range(0, Cols).ToList();
        return Rows.SelectMany(r => entries.Select(c => Offset + r * rowStride + c * ColumnStride));
    }
}
