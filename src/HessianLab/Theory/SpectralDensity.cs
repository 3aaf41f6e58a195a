namespace HessianLab.Theory;

/// <summary>A spectral distribution tabulated on an increasing grid: a continuous density plus a point mass at 0.</summary>
/// <remarks>Integrals use the trapezoid rule on the grid (the CDF is its running sum); the atom adds
/// <see cref="AtomAtZero"/> to the CDF from x = 0 on. With square-root edges the trapezoid error is
/// O(h^{3/2}) per edge.</remarks>
public sealed class SpectralDensity
{
    private readonly double[] _cumulative;

    /// <summary>Creates the table.</summary>
    /// <exception cref="ArgumentException">Fewer than 2 points, unequal lengths, a non-increasing grid, a negative density or atom.</exception>
    public SpectralDensity(IReadOnlyList<double> grid, IReadOnlyList<double> density, double atomAtZero)
    {
        if (grid.Count < 2 || grid.Count != density.Count) throw new ArgumentException($"grid ({grid.Count}) and density ({density.Count}) need equal lengths ≥ 2");
        for (int i = 1; i < grid.Count; i++)
            if (!(grid[i] > grid[i - 1])) throw new ArgumentException($"grid must increase strictly; point {i} is {grid[i]} after {grid[i - 1]}");
        if (density.Any(v => !(v >= 0) || double.IsInfinity(v))) throw new ArgumentException("density values must be finite and ≥ 0");
        if (!(atomAtZero >= 0 && atomAtZero <= 1)) throw new ArgumentException($"atom weight must be in [0, 1], got {atomAtZero}");
        Grid = grid.ToArray();
        Values = density.ToArray();
        AtomAtZero = atomAtZero;
        _cumulative = new double[Grid.Count];
        for (int i = 1; i < Grid.Count; i++)
            _cumulative[i] = _cumulative[i - 1] + 0.5 * (Values[i] + Values[i - 1]) * (Grid[i] - Grid[i - 1]);
    }

    /// <summary>The grid points x_i.</summary>
    public IReadOnlyList<double> Grid { get; }

    /// <summary>The density ρ(x_i) of the continuous part.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>Weight of the point mass at 0.</summary>
    public double AtomAtZero { get; }

    /// <summary>Mass of the continuous part, ∫ ρ (trapezoid).</summary>
    public double ContinuousMass => _cumulative[^1];

    /// <summary>Total mass: continuous part plus atom (1 for a probability law).</summary>
    public double TotalMass => ContinuousMass + AtomAtZero;

    /// <summary>∫ x^k μ(dx) (the atom at 0 contributes only to k = 0).</summary>
    public double Moment(int k)
    {
        double s = 0;
        for (int i = 1; i < Grid.Count; i++)
            s += 0.5 * (Values[i] * Math.Pow(Grid[i], k) + Values[i - 1] * Math.Pow(Grid[i - 1], k)) * (Grid[i] - Grid[i - 1]);
        return s + (k == 0 ? AtomAtZero : 0);
    }

    /// <summary>F(x) = μ((−∞, x]): the atom from 0 on, the continuous part interpolated linearly between the running sums.</summary>
    public double Cdf(double x)
    {
        double atom = x >= 0 ? AtomAtZero : 0;
        if (x <= Grid[0]) return atom;
        if (x >= Grid[^1]) return atom + _cumulative[^1];
        int hi = BinarySearchUpper(x), lo = hi - 1;
        // Exact integral of the linear interpolant of ρ from Grid[lo] to x.
        double h = x - Grid[lo], width = Grid[hi] - Grid[lo];
        double rhoX = Values[lo] + (Values[hi] - Values[lo]) * h / width;
        return atom + _cumulative[lo] + 0.5 * (Values[lo] + rhoX) * h;
    }

    /// <summary>Kolmogorov distance sup_x |F_sample(x) − F(x)| to an empirical sample; values with |v| ≤
    /// <paramref name="zeroTolerance"/> count as exact zeros (eigensolvers return ±1e-15 for the atom).</summary>
    public double KolmogorovDistance(IReadOnlyList<double> sample, double zeroTolerance = 0)
    {
        if (sample.Count == 0) throw new ArgumentException("the sample is empty", nameof(sample));
        var s = sample.Select(v => Math.Abs(v) <= zeroTolerance ? 0.0 : v).ToArray();
        Array.Sort(s);
        double worst = 0, n = s.Length;
        for (int i = 0; i < s.Length; i++)
        {
            // Compare at each distinct value: below it (F(v−) vs i/n) and at it (F(v) vs count ≤ v / n).
            int j = i;
            while (j + 1 < s.Length && s[j + 1] == s[i]) j++;
            double f = Cdf(s[i]);
            double fBelow = s[i] == 0 && AtomAtZero > 0 ? f - AtomAtZero : f;
            worst = Math.Max(worst, Math.Max(Math.Abs(fBelow - i / n), Math.Abs(f - (j + 1) / n)));
            i = j;
        }
        return worst;
    }

    private int BinarySearchUpper(double x)
    {
        int lo = 0, hi = Grid.Count - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            if (Grid[mid] > x) hi = mid; else lo = mid;
        }
        return hi;
    }
}
