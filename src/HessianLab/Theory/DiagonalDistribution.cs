namespace HessianLab.Theory;

/// <summary>A discrete probability distribution H = Σ_k w_k δ_{τ_k} of the diagonal entries of Λ (τ_k ≥ 0),
/// the input of the generalized Marchenko–Pastur law.</summary>
/// <remarks>
/// An empirical sample is compressed by <see cref="FromSample"/> into at most <c>maxAtoms</c> equal-weight
/// atoms, each the mean of one contiguous group of the sorted sample: the mean E[τ] is kept exactly and
/// E[τ²] up to the within-group variance (reported by <see cref="FromSample"/>'s caller through
/// <see cref="SecondMoment"/> versus the raw sample).
/// </remarks>
public sealed class DiagonalDistribution
{
    private readonly double[] _atoms;
    private readonly double[] _weights;

    /// <summary>Creates H from atoms and weights (weights are normalized to sum 1).</summary>
    /// <exception cref="ArgumentException">Empty, mismatched lengths, a negative or non-finite atom, or bad weights.</exception>
    public DiagonalDistribution(IReadOnlyList<double> atoms, IReadOnlyList<double> weights)
    {
        if (atoms.Count == 0) throw new ArgumentException("the distribution of Λ needs at least one atom", nameof(atoms));
        if (atoms.Count != weights.Count) throw new ArgumentException($"{atoms.Count} atoms but {weights.Count} weights", nameof(weights));
        double total = 0;
        for (int k = 0; k < atoms.Count; k++)
        {
            if (!(atoms[k] >= 0) || double.IsInfinity(atoms[k])) throw new ArgumentException($"atom #{k + 1} of Λ is {atoms[k]}; entries of Λ must be finite and ≥ 0", nameof(atoms));
            if (!(weights[k] >= 0) || double.IsInfinity(weights[k])) throw new ArgumentException($"weight #{k + 1} is {weights[k]}; weights must be finite and ≥ 0", nameof(weights));
            total += weights[k];
        }
        if (!(total > 0)) throw new ArgumentException("the weights of Λ's distribution sum to 0", nameof(weights));
        _atoms = atoms.ToArray();
        _weights = weights.Select(w => w / total).ToArray();
    }

    /// <summary>The point mass δ_c (Λ = c I).</summary>
    public static DiagonalDistribution PointMass(double c = 1.0) => new(new[] { c }, new[] { 1.0 });

    /// <summary>Compresses an empirical sample into at most <paramref name="maxAtoms"/> equal-weight atoms
    /// (means of contiguous groups of the sorted sample; exact when the sample is not larger).</summary>
    /// <exception cref="ArgumentException">Empty sample or maxAtoms &lt; 1.</exception>
    public static DiagonalDistribution FromSample(IReadOnlyList<double> sample, int maxAtoms = 512)
    {
        if (sample.Count == 0) throw new ArgumentException("the sample of Λ entries is empty", nameof(sample));
        if (maxAtoms < 1) throw new ArgumentException($"maxAtoms must be ≥ 1, got {maxAtoms}", nameof(maxAtoms));
        var sorted = sample.ToArray();
        Array.Sort(sorted);
        int k = Math.Min(maxAtoms, sorted.Length);
        var atoms = new double[k];
        var weights = new double[k];
        for (int g = 0; g < k; g++)
        {
            int lo = (int)((long)g * sorted.Length / k), hi = (int)((long)(g + 1) * sorted.Length / k);
            double s = 0;
            for (int i = lo; i < hi; i++) s += sorted[i];
            atoms[g] = s / (hi - lo);
            weights[g] = hi - lo;
        }
        return new DiagonalDistribution(atoms, weights);
    }

    /// <summary>The atoms τ_k.</summary>
    public IReadOnlyList<double> Atoms => _atoms;

    /// <summary>The weights w_k (sum 1).</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>E[τ] = Σ w_k τ_k.</summary>
    public double Mean => Moment(1);

    /// <summary>E[τ²] = Σ w_k τ_k².</summary>
    public double SecondMoment => Moment(2);

    /// <summary>Largest atom.</summary>
    public double Max => _atoms.Max();

    /// <summary>H({0}): the weight of atoms equal to 0.</summary>
    public double ZeroMass => Enumerable.Range(0, _atoms.Length).Where(k => _atoms[k] == 0).Sum(k => _weights[k]);

    /// <summary>E[τ^p].</summary>
    public double Moment(int p)
    {
        double s = 0;
        for (int k = 0; k < _atoms.Length; k++) s += _weights[k] * Math.Pow(_atoms[k], p);
        return s;
    }
}
