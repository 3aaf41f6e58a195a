namespace HessianLab.Experiments.Transformers;

/// <summary>Diagonal over off-diagonal neuron-block energy per matrix role (q, k, v, o, fc), from a neuron-block energy map.</summary>
public static class RoleEnergy
{
    /// <summary>For each role r: mean_I ‖H_II‖_F² over neurons I of role r, divided by mean ‖H_IJ‖_F² over pairs I ≠ J of
    /// the same matrix of role r (layers pooled). NaN where a role has a single neuron per matrix.</summary>
    /// <param name="energy">Neuron-block energies ‖H_IJ‖_F², n × n row-major, neurons in selection order.</param>
    /// <param name="selection">The neurons (each NeuronSelection is one matrix).</param>
    public static IReadOnlyDictionary<string, double> Ratios(double[] energy, IReadOnlyList<NeuronSelection> selection)
    {
        var owner = selection.SelectMany((s, m) => s.Rows.Select(_ => m)).ToArray();
        int n = owner.Length;
        if (energy.Length != n * n) throw new ArgumentException($"energy has {energy.Length} entries, expected {n}² for the selection", nameof(energy));
        var result = new Dictionary<string, double>();
        foreach (string role in selection.Select(s => s.Role).Distinct())
        {
            double diag = 0, off = 0; int nd = 0, no = 0;
            for (int i = 0; i < n; i++)
            {
                if (selection[owner[i]].Role != role) continue;
                for (int j = 0; j < n; j++)
                {
                    if (owner[j] != owner[i]) continue;
                    if (i == j) { diag += energy[i * n + j]; nd++; }
                    else { off += energy[i * n + j]; no++; }
                }
            }
            result[role] = no == 0 ? double.NaN : (diag / nd) / (off / no);
        }
        return result;
    }
}
