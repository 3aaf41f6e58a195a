namespace HessianLab.Benchmarks;

/// <summary>What <see cref="PyTorchReference"/> runs: bench/pytorch/closed_form_hessian.py on a HessianLab result's
/// inputs (one hidden layer, relu, cross-entropy, no bias — the talk's net).</summary>
/// <param name="InputsDirectory">A <c>hessian</c> result's <c>inputs/</c> folder (X.npy, y.npy, W1.npy, W2.npy).</param>
/// <param name="Widths">d_0, m, C.</param>
/// <param name="Compare">HessianLab's hessian.npy for the same inputs, compared entry by entry (null: no comparison).</param>
/// <param name="Repeats">Timed closed-form runs in the one script process; the median is reported.</param>
/// <param name="Rows">Rows of the paper's per-row method (double backward) timed and projected to all P rows; 0: none.</param>
/// <param name="Threads">torch's intra-op threads.</param>
/// <param name="Python">The interpreter (null: <c>python3</c> on PATH, else Debian's /usr/bin/python3; see
/// <see cref="PyTorchReference.DefaultInterpreters"/>).</param>
/// <param name="TimeoutSeconds">The script is stopped after this long and reported as not available.</param>
public sealed record PyTorchReferenceOptions(string InputsDirectory, IReadOnlyList<int> Widths, string? Compare = null,
    int Repeats = 1, int Rows = 8, int Threads = 2, string? Python = null, double TimeoutSeconds = 1800)
{
    /// <summary>The script's arguments after its path.</summary>
    public IReadOnlyList<string> Arguments()
    {
        static string I(int v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var args = new List<string>
        {
            "--layers", string.Join(",", Widths), "--inputs", InputsDirectory, "--threads", I(Threads),
            "--repeats", I(Repeats), "--rows", I(Rows),
        };
        if (Compare is not null) args.AddRange(new[] { "--compare", Compare });
        return args;
    }

    /// <summary>Checks the values and returns this.</summary>
    /// <exception cref="ArgumentException">A value out of range, naming it.</exception>
    public PyTorchReferenceOptions Validated()
    {
        if (Widths.Count != 3 || Widths.Any(w => w <= 0))
            throw new ArgumentException($"widths must be three positive numbers d0, m, C, got [{string.Join(",", Widths)}]", nameof(Widths));
        if (Repeats is < 1 or > 20) throw new ArgumentException($"repeats must be in 1…20, got {Repeats}", nameof(Repeats));
        if (Rows < 0) throw new ArgumentException($"rows must be ≥ 0, got {Rows}", nameof(Rows));
        if (Threads < 1) throw new ArgumentException($"threads must be ≥ 1, got {Threads}", nameof(Threads));
        if (Python is not null && string.IsNullOrWhiteSpace(Python)) throw new ArgumentException("python must name an interpreter", nameof(Python));
        if (!(TimeoutSeconds > 0)) throw new ArgumentException($"timeout must be positive, got {TimeoutSeconds}", nameof(TimeoutSeconds));
        return this;
    }
}
