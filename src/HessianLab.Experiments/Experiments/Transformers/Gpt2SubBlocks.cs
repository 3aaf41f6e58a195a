using HessianLab.Models.Gpt2;

namespace HessianLab.Experiments.Transformers;

/// <summary>Samples neurons of a GPT-2 model for the sub-block measurement of Maes et al. 2024 (the talk's
/// "Hessian sub-blocks sampled from GPT2-125M"): the Q, K and V parts of the fused c_attn, the attention output
/// attn.c_proj and the MLP input mlp.c_fc of the chosen blocks.</summary>
/// <remarks>GPT-2 stores these as Conv1D weights [in, out], so output neuron j owns column W[:, j]: in θ' (row-major)
/// its weights sit at stride out. All five roles have fan-in d, so every neuron block has the same size. Columns
/// 0..d−1 of c_attn are Q, d..2d−1 K, 2d..3d−1 V. To fit a budget, each neuron keeps <c>entries</c> evenly spaced
/// weights of its d (a sampled sub-block of its diagonal block, and of every off-diagonal block).</remarks>
public static class Gpt2SubBlocks
{
    /// <summary>Roles measured per block, in order.</summary>
    public static readonly string[] Roles = { "q", "k", "v", "o", "fc" };

    /// <summary>Chooses <paramref name="perRole"/> evenly spaced neurons per role in each of <paramref name="blocks"/>,
    /// each keeping <paramref name="entries"/> evenly spaced weights; offsets index θ' = the distinct matrices in order.</summary>
    /// <exception cref="ArgumentException">A block outside [0, n_layer), or counts out of range.</exception>
    public static IReadOnlyList<NeuronSelection> Select(Gpt2Model model, IReadOnlyList<int> blocks, int perRole, int entries)
    {
        var c = model.Config;
        int d = c.Embedding;
        if (blocks.Count == 0) throw new ArgumentException("choose at least one block", nameof(blocks));
        foreach (int b in blocks)
            if (b < 0 || b >= c.Layers) throw new ArgumentException($"block {b} is outside [0, {c.Layers})", nameof(blocks));
        if (perRole < 1 || perRole > d) throw new ArgumentException($"neurons per matrix must be in [1, {d}], got {perRole}", nameof(perRole));
        if (entries < 1 || entries > d) throw new ArgumentException($"entries per neuron must be in [1, {d}], got {entries}", nameof(entries));
        var keep = Spread(entries, d);
        var shapes = model.named_parameters().ToDictionary(np => np.name, np => np.parameter.shape);
        var list = new List<NeuronSelection>();
        long offset = 0;
        foreach (int b in blocks.Distinct().Order())
        {
            foreach (var (matrix, roles) in new[] { ($"h.{b}.attn.c_attn.weight", new[] { "q", "k", "v" }), ($"h.{b}.attn.c_proj.weight", new[] { "o" }), ($"h.{b}.mlp.c_fc.weight", new[] { "fc" }) })
            {
                long outputs = shapes[matrix][1];
                for (int r = 0; r < roles.Length; r++)
                {
                    var neurons = Spread(perRole, d).Select(j => r * d + j).ToList();
                    list.Add(new NeuronSelection(matrix, roles[r], offset, d, neurons, RowStride: 1, ColumnStride: outputs, Entries: keep));
                }
                offset += shapes[matrix][0] * outputs;
            }
        }
        return list;
    }

    /// <summary>Total Hessian rows of a selection: blocks · 5 roles · neurons · entries.</summary>
    public static long Rows(int blocks, int perRole, int entries) => (long)blocks * Roles.Length * perRole * entries;

    private static List<int> Spread(int count, int n) => Enumerable.Range(0, count).Select(i => (int)((long)i * n / count)).Distinct().ToList();
}
