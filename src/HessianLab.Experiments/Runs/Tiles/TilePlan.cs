using HessianLab.Models;

namespace HessianLab.Runs.Tiles;

/// <summary>Cuts the rows of a P × P Hessian into bands of whole neuron blocks, in θ order, balanced by rows.</summary>
/// <remarks>A neuron block (l, i) is row i of [W_l | b_l]: c_{l−1} consecutive θ indices. Band K of N ends at the
/// first block boundary at or past the ideal cut ⌈P K / N⌉ (the greedy cut), so every band but possibly the last
/// is within one block of P / N rows; no band is empty while N ≤ the number of neuron blocks.</remarks>
public static class TilePlan
{
    /// <summary>The N bands of the layout.</summary>
    /// <exception cref="ArgumentException">N &lt; 1 or more bands than neuron blocks.</exception>
    public static IReadOnlyList<RowBand> Bands(ParameterLayout layout, int bands)
    {
        var blocks = layout.NeuronBlocks();
        if (bands < 1) throw new ArgumentException($"the number of bands must be ≥ 1, got {bands}", nameof(bands));
        if (bands > blocks.Count)
            throw new ArgumentException($"{bands} bands but the network has only {blocks.Count} neuron blocks (a band holds whole blocks)", nameof(bands));
        var neuronOf = new List<(int Layer, int Neuron)>();
        foreach (var (seg, l) in layout.Segments.Select((s, i) => (s, i + 1)))
            for (int i = 0; i < seg.Rows; i++) neuronOf.Add((l, i));
        var result = new List<RowBand>();
        int next = 0;
        long p = layout.Count;
        for (int k = 1; k <= bands; k++)
        {
            long start = blocks[next].Start, ideal = (p * k + bands - 1) / bands;
            int first = next;
            // take blocks until the ideal cut is reached, leaving at least one block for each later band
            while (next < blocks.Count - (bands - k) && (next == first || blocks[next].Start < ideal)) next++;
            if (k == bands) next = blocks.Count;
            long end = next < blocks.Count ? blocks[next].Start : p;
            result.Add(new RowBand(start, end, neuronOf.GetRange(first, next - first)));
        }
        return result;
    }

    /// <summary>The smallest N whose largest band of P-wide float64 rows stays within <paramref name="bandBytes"/>.</summary>
    /// <exception cref="ArgumentException">Even one neuron block per band exceeds the budget.</exception>
    public static int BandsFor(ParameterLayout layout, long bandBytes)
    {
        long rowBytes = layout.Count * 8L;
        long maxBlock = layout.NeuronBlocks().Max(b => b.Length);
        if (maxBlock * rowBytes > bandBytes)
            throw new ArgumentException($"one neuron block of {maxBlock} rows × {layout.Count} columns needs {maxBlock * rowBytes} bytes, more than the band budget of {bandBytes}", nameof(bandBytes));
        int blocks = layout.NeuronBlocks().Count;
        for (int n = (int)Math.Max(1, Math.Min(blocks, (layout.Count * rowBytes + bandBytes - 1) / bandBytes)); n <= blocks; n++)
            if (Bands(layout, n).Max(b => b.Rows) * rowBytes <= bandBytes) return n;
        return blocks;
    }
}
