using HessianLab.Losses;
using HessianLab.Models;

namespace HessianLab.Benchmarks;

/// <summary>What <see cref="WholeProcessBenchmark"/> runs: <c>hessian</c> as a user runs it, one new process per run.</summary>
/// <param name="Widths">d_0, …, d_L (default the talk's 500,8,500).</param>
/// <param name="Samples">N.</param>
/// <param name="Activation">Hidden activation.</param>
/// <param name="Loss">CE or MSE.</param>
/// <param name="Repeats">Timed runs per precision (after one untimed warm-up run that brings the program's files
/// into the page cache, as for a user's second command); medians are reported.</param>
/// <param name="Seed">Seed of data and weights.</param>
public sealed record WholeProcessOptions(IReadOnlyList<int> Widths, int Samples = 5000, Activation Activation = Activation.Relu,
    LossKind Loss = LossKind.Ce, int Repeats = 3, long Seed = 0)
{
    /// <summary>The command-line arguments of one run into <paramref name="outDir"/>.</summary>
    public IReadOnlyList<string> Arguments(string outDir, bool float32)
    {
        var args = new List<string>
        {
            "hessian", "--layers", string.Join(",", Widths), "--samples", Samples.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--activation", Activation.ToString().ToLowerInvariant(), "--loss", Loss.ToString().ToLowerInvariant(),
            "--seed", Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--method", "exact", "--out", outDir,
        };
        if (float32) args.Add("--float32");
        return args;
    }

    /// <summary>Checks the values and returns this.</summary>
    /// <exception cref="ArgumentException">A value out of range, naming it.</exception>
    public WholeProcessOptions Validated()
    {
        new MlpSpec(Widths, Activation).Validated();
        if (Samples <= 0) throw new ArgumentException($"samples must be positive, got {Samples}", nameof(Samples));
        if (Repeats is < 1 or > 20) throw new ArgumentException($"repeats must be in 1…20, got {Repeats}", nameof(Repeats));
        return this;
    }
}
